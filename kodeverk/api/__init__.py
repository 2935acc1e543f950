"""The kodeverk API under /api/v1/kodeverk/ (API keys, ``kodeverk:les``), registered in ``KodeverkConfig.ready``."""
