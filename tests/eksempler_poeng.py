"""Regler.md §8 example 1 as data, shared by the rule-module, calculator and API tests.

14 standpunkt grades, two valgfag (5 and 4), exams 3 and 5, orden and oppførsel: sum 77,50, n = 17.
The order follows the table, so example 2 (sidemål fritatt, IV in the subject with 6, documented IM on the exam
with 5) changes exactly the rows the table names.
"""

EKSEMPEL_1_STANDPUNKT = [
    ("NOR0214", "4"),
    ("NOR0215", "4"),
    ("NOR0216", "5"),
    ("ENG0012", "4"),
    ("ENG0013", "5"),
    ("MAT0010", "4"),
    ("NAT0010", "5"),
    ("SAF0010", "5"),
    ("RLE0030", "5"),
    ("KHV0010", "4"),
    ("MUS0010", "5"),
    ("MHE0010", "4"),
    ("FSP6001", "5"),
    ("KRO0020", "6"),
]
# (fag, vurdering, karakter, fagtype)
EKSEMPEL_1_ANDRE = [
    ("VAL0001", "standpunkt", "5", "valgfag"),
    ("VAL0002", "standpunkt", "4", "valgfag"),
    ("NOR0214", "eksamen_skriftlig", "3", None),
    ("MAT0010", "eksamen_muntlig", "5", None),
    ("ORDEN", "standpunkt", "G", None),
    ("OPPFORSEL", "standpunkt", "NG", None),
]
