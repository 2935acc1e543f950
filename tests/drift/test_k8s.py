"""The Kubernetes manifests in deploy/k8s: valid against the Kubernetes schemas (strict mode, pinned versions,
no cluster needed) and true to the design rules in README «Drift i Kubernetes»."""

from __future__ import annotations

import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
# The oldest Kubernetes the manifests promise to work on, and the newest the pinned kubernetes-validate knows:
# an API removed in between fails here rather than at a county's upgrade.
VERSJONER = ("1.33.0", "1.37.0")
HEMMELIGHET = "vigo-hemmeligheter"
HEMMELIGE_NAVN = re.compile(r"SECRET|PASSWORD|PASSORD|TOKEN|DATABASE_URL|REDIS_URL|BROKER_URL|API_KEY")
PLASSHOLDER = "BYTT-MEG"


def _filer() -> list[Path]:
    return sorted(K8S.rglob("*.yaml"))


def _alle() -> list[tuple[Path, dict]]:
    return [(f, d) for f in _filer() for d in yaml.safe_load_all(f.read_text()) if d]


def _manifester() -> list[tuple[Path, dict]]:
    return [(f, d) for f, d in _alle() if d["kind"] != "Kustomization"]


def _en(kind: str, navn: str) -> dict:
    treff = [d for _, d in _manifester() if d["kind"] == kind and d["metadata"]["name"] == navn]
    assert len(treff) == 1, f"{kind}/{navn}: {len(treff)} funnet"
    return treff[0]


def _podmaler() -> list[tuple[str, dict]]:
    """(kind/name, pod template) for every workload."""
    return [
        (f"{d['kind']}/{d['metadata']['name']}", d["spec"]["template"])
        for _, d in _manifester()
        if d["kind"] in {"Deployment", "Job", "StatefulSet", "DaemonSet"}
    ]


def _containere(mal: dict) -> list[dict]:
    return [*mal["spec"].get("initContainers", []), *mal["spec"]["containers"]]


def _container(deployment: str, navn: str) -> dict:
    (c,) = [
        c
        for c in _en("Deployment", deployment)["spec"]["template"]["spec"]["containers"]
        if c["name"] == navn
    ]
    return c


def _mengde(verdi: str | int) -> float:
    """A Kubernetes quantity (250m, 1, 512Mi, 1Gi) as a number, to compare requests with limits."""
    tall, enhet = re.fullmatch(r"([0-9.]+)([a-zA-Z]*)", str(verdi)).groups()
    faktor = {"": 1, "m": 1e-3, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "k": 1e3, "M": 1e6, "G": 1e9}[enhet]
    return float(tall) * faktor


@pytest.mark.parametrize("versjon", VERSJONER)
def test_alle_manifester_er_gyldige_kubernetes(versjon):
    assert len(_manifester()) >= 12
    feil = []
    for fil, dok in _manifester():
        try:
            kubernetes_validate.validate(dok, versjon, strict=True)
        except kubernetes_validate.ValidationError as e:
            feil.append(f"{fil.relative_to(K8S)} {dok['kind']}/{dok['metadata']['name']}: {e.message}")
    assert not feil, "\n".join(feil)


def test_streng_validering_avviser_ukjente_felt():
    """Strict mode is what catches a misspelt field (it would otherwise be silently ignored by the cluster)."""
    beat = _en("Deployment", "vigo-beat")
    beat["spec"]["template"]["spec"]["containers"][0]["resource"] = {"limits": {"cpu": "1"}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(beat, VERSJONER[0], strict=True)


def test_kustomization_tar_med_alt_unntatt_eksemplene():
    (kust,) = [d for _, d in _alle() if d["kind"] == "Kustomization"]
    ressurser = set(kust["resources"])
    toppniva = {f.name for f in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert ressurser == toppniva
    # The Secret template must never be applied over the real Secret.
    assert not any(d["kind"] == "Secret" for f, d in _manifester() if f.name in ressurser)
    assert {f.name for f in (K8S / "eksempler").glob("*.yaml")} == {"secret.yaml", "ingress.yaml"}


def test_navneromsnoytrale():
    assert not [
        f"{d['kind']}/{d['metadata']['name']}" for _, d in _alle() if d.get("metadata", {}).get("namespace")
    ]
    (kust,) = [d for _, d in _alle() if d["kind"] == "Kustomization"]
    assert "namespace" not in kust


def test_beat_er_en_enkelt_replika_med_recreate():
    beat = _en("Deployment", "vigo-beat")
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    skalert = {
        d["spec"]["scaleTargetRef"]["name"]
        for _, d in _manifester()
        if d["kind"] == "HorizontalPodAutoscaler"
    }
    assert "vigo-beat" not in skalert


def test_web_og_worker_skaleres_hver_for_seg_og_web_har_pdb():
    hpa = {
        d["spec"]["scaleTargetRef"]["name"]: d["spec"]
        for _, d in _manifester()
        if d["kind"] == "HorizontalPodAutoscaler"
    }
    assert set(hpa) == {"vigo-web", "vigo-worker"}
    for spec in hpa.values():
        assert spec["scaleTargetRef"]["kind"] == "Deployment"
        assert 1 <= spec["minReplicas"] < spec["maxReplicas"]
    pdb = _en("PodDisruptionBudget", "vigo-web")["spec"]
    web_etiketter = _en("Deployment", "vigo-web")["spec"]["template"]["metadata"]["labels"]
    assert pdb["selector"]["matchLabels"].items() <= web_etiketter.items()
    # A drain must be able to move a web pod without breaking the budget.
    assert pdb["minAvailable"] < hpa["vigo-web"]["minReplicas"]


def test_alle_containere_har_ressursforesporsler_og_grenser():
    for navn, mal in _podmaler():
        for c in _containere(mal):
            r = c.get("resources", {})
            for ressurs in ("cpu", "memory"):
                assert ressurs in r.get("requests", {}), f"{navn}/{c['name']} mangler requests.{ressurs}"
                assert ressurs in r.get("limits", {}), f"{navn}/{c['name']} mangler limits.{ressurs}"
                assert _mengde(r["requests"][ressurs]) <= _mengde(r["limits"][ressurs])


def test_prober_der_de_gir_mening():
    web = _container("vigo-web", "web")
    klar = web["readinessProbe"]["httpGet"]
    # Readiness on the database only: one Redis or beat outage must not take every web pod out at once.
    assert klar["path"] == "/helse/web/" and klar["port"] == "http"
    # The probe's Host must pass ALLOWED_HOSTS, or Django answers 400 and the pod never gets ready.
    vert = {h["name"]: h["value"] for h in klar["httpHeaders"]}["Host"]
    assert vert in _en("ConfigMap", "vigo-konfig")["data"]["ALLOWED_HOSTS"].split(",")
    # Liveness is cheap and tolerant: a database outage must not make Kubernetes restart every web pod.
    live = web["livenessProbe"]
    assert "tcpSocket" in live or live["failureThreshold"] * live["periodSeconds"] >= 120
    assert "startupProbe" in web
    assert "livenessProbe" in _container("vigo-worker", "worker")
    assert web["ports"] == [{"name": "http", "containerPort": 8000}]


def test_sikkerhetskontekst_og_skrivebeskyttet_rotfilsystem():
    for navn, mal in _podmaler():
        pod = mal["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, navn
        assert pod["securityContext"]["runAsUser"] != 0, navn
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, navn
        assert pod.get("automountServiceAccountToken") is False, navn
        tomme = {v["name"] for v in pod["volumes"] if "emptyDir" in v}
        for c in _containere(mal):
            sk = c["securityContext"]
            assert sk["readOnlyRootFilesystem"] is True, f"{navn}/{c['name']}"
            assert sk["allowPrivilegeEscalation"] is False, f"{navn}/{c['name']}"
            assert sk["capabilities"]["drop"] == ["ALL"], f"{navn}/{c['name']}"
            tmp = [m for m in c.get("volumeMounts", []) if m["mountPath"] == "/tmp"]
            assert tmp and tmp[0]["name"] in tomme, f"{navn}/{c['name']} mangler /tmp fra emptyDir"


def test_ingen_hemmeligheter_i_klartekst():
    konfig = _en("ConfigMap", "vigo-konfig")["data"]
    assert not [k for k in konfig if HEMMELIGE_NAVN.search(k)]
    assert "ALLOWED_HOSTS" in konfig

    mal = _en("Secret", HEMMELIGHET)
    assert "data" not in mal  # base64 hides nothing and would hide a real value from review
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY"} <= set(mal["stringData"])
    assert all(PLASSHOLDER in v for v in mal["stringData"].values())

    for navn, podmal in _podmaler():
        for c in _containere(podmal):
            kilder = {next(iter(k.values()))["name"] for k in c.get("envFrom", [])}
            assert {"vigo-konfig", HEMMELIGHET} <= kilder, f"{navn}/{c['name']}"
            for e in c.get("env", []):
                assert not (HEMMELIGE_NAVN.search(e["name"]) and "value" in e), (
                    f"{navn}/{c['name']}: {e['name']}"
                )
    for fil in _filer():
        tekst = fil.read_text()
        assert "django-insecure" not in tekst and "-----BEGIN" not in tekst, fil


def test_referanser_henger_sammen():
    """Everything a manifest points at exists: one image for all (so an overlay's image tag hits every pod),
    config, volume claims, the Service behind the Ingress, and the $(VAR)s in commands."""
    konfig = _en("ConfigMap", "vigo-konfig")["data"]
    kravd = {d["metadata"]["name"] for _, d in _manifester() if d["kind"] == "PersistentVolumeClaim"}
    bilder = set()
    for navn, mal in _podmaler():
        for v in mal["spec"]["volumes"]:
            if "persistentVolumeClaim" in v:
                assert v["persistentVolumeClaim"]["claimName"] in kravd, navn
        for c in _containere(mal):
            bilder.add(c["image"])
            for ref in re.findall(r"\$\((\w+)\)", " ".join(c.get("command", []) + c.get("args", []))):
                assert ref in konfig, f"{navn}/{c['name']}: $({ref}) finnes ikke i ConfigMap"
    # One placeholder name, so a county overlay's `images:` entry sets registry and tag for every container.
    assert bilder == {"vigo-opplaering"}
    (kust,) = [d for _, d in _alle() if d["kind"] == "Kustomization"]
    assert "images" not in kust  # it would rename the image before an overlay could set its tag

    for _, d in _manifester():
        if d["kind"] == "Deployment":
            mal = d["spec"]["template"]["metadata"]["labels"]
            assert d["spec"]["selector"]["matchLabels"].items() <= mal.items()
    tjeneste = _en("Service", "vigo-web")["spec"]
    assert (
        tjeneste["selector"].items()
        <= _en("Deployment", "vigo-web")["spec"]["template"]["metadata"]["labels"].items()
    )
    assert tjeneste["ports"][0]["targetPort"] == "http"
    (sti,) = _en("Ingress", "vigo-web")["spec"]["rules"][0]["http"]["paths"]
    assert sti["backend"]["service"] == {"name": "vigo-web", "port": {"name": "http"}}


def test_migreringer_kjores_som_job_og_tjenestene_venter_pa_dem():
    job = _en("Job", "vigo-migrering")["spec"]
    assert job["template"]["spec"]["restartPolicy"] == "Never"
    assert "migrate --no-input" in " ".join(job["template"]["spec"]["containers"][0]["command"])
    for navn in ("vigo-web", "vigo-worker", "vigo-beat"):
        (init,) = _en("Deployment", navn)["spec"]["template"]["spec"]["initContainers"]
        assert "migrate --check" in " ".join(init["command"]), navn
