"""A labelled corpus for personal-data detection, built with computed checksums.

Positives: valid BSNs, Belgian national register numbers, NHS numbers and
IBANs (checksums computed here, independently of python-stdnum), National
Insurance numbers, e-mail addresses and phone numbers in Dutch, Belgian,
British and international formats. Negatives: the same numbers with one digit
changed, dates, amounts and reference numbers that merely look like them.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass


@dataclass
class Sample:
    text: str
    expected: tuple[str, ...]  # kinds that must be found (empty: no alarm)


# --- checksums ----------------------------------------------------------------------


def bsn_ok(digits: str) -> bool:
    if len(digits) != 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(
        digits[8]
    )
    return total % 11 == 0


def make_bsn(rng: random.Random) -> str:
    while True:
        body = str(rng.randint(1, 9)) + "".join(rng.choice(string.digits) for _ in range(7))
        check = sum(int(d) * w for d, w in zip(body, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return body + str(check)


def be_nn_ok(digits: str) -> bool:
    if len(digits) != 11:
        return False
    body, check = int(digits[:9]), int(digits[9:])
    return (97 - body % 97) == check or (97 - (2_000_000_000 + body) % 97) == check


def make_be_nn(rng: random.Random) -> str:
    year = rng.randint(1940, 2015)
    body = (
        f"{year % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(1, 997):03d}"
    )
    number = int(body) + (2_000_000_000 if year >= 2000 else 0)
    return body + f"{97 - number % 97:02d}"


def nhs_ok(digits: str) -> bool:
    if len(digits) != 10:
        return False
    check = 11 - sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    return (0 if check == 11 else check) == int(digits[9])


def make_nhs(rng: random.Random) -> str:
    while True:
        body = rng.choice("4679") + "".join(rng.choice(string.digits) for _ in range(8))
        check = 11 - sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return body + str(check)


def _iban_check(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in rearranged))
    return f"{98 - number % 97:02d}"


def iban_ok(iban: str) -> bool:
    iban = iban.replace(" ", "")
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def make_iban(rng: random.Random) -> str:
    country = rng.choice(["NL", "BE", "GB"])
    if country == "NL":
        bban = rng.choice(["ABNA", "INGB", "RABO", "TRIO", "SNSB"]) + "".join(
            rng.choice(string.digits) for _ in range(10)
        )
    elif country == "BE":
        bank = rng.choice(
            ["001", "063", "068", "091", "143", "310", "363", "735"]
        )  # existing Belgian banks
        account = bank + "".join(rng.choice(string.digits) for _ in range(7))
        check = int(account) % 97 or 97
        bban = f"{account}{check:02d}"
    else:
        bban = rng.choice(["NWBK", "BARC", "MIDL", "LOYD"]) + "".join(
            rng.choice(string.digits) for _ in range(14)
        )
    iban = country + _iban_check(country, bban) + bban
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def break_digit(number: str, rng: random.Random, still_valid) -> str:
    """The number with one digit changed so that its checksum fails."""
    positions = [i for i, c in enumerate(number) if c.isdigit()]
    while True:
        i = rng.choice(positions[1:])
        new = str((int(number[i]) + rng.randint(1, 9)) % 10)
        broken = number[:i] + new + number[i + 1 :]
        if not still_valid(broken):
            return broken


def make_nino(rng: random.Random) -> str:
    first = rng.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    if first + second in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
        first, second = "A", "B"
    digits = "".join(rng.choice(string.digits) for _ in range(6))
    return f"{first}{second} {digits[:2]} {digits[2:4]} {digits[4:]} {rng.choice('ABCD')}"


# --- phone numbers in national and international formats ---------------------------


def make_phone(rng: random.Random) -> str:
    d = lambda n: "".join(rng.choice(string.digits) for _ in range(n))  # noqa: E731
    mobile_nl = "6" + rng.choice("12345") + d(7)
    mobile_be = "4" + rng.choice("789") + rng.choice("0123456789") + d(6)
    mobile_gb = "7" + rng.choice("45789") + d(8)
    formats = [
        f"0{mobile_nl[:1]}-{mobile_nl[1:]}",  # 06-12345678
        f"0{mobile_nl[:1]} {mobile_nl[1:3]} {mobile_nl[3:5]} {mobile_nl[5:7]} {mobile_nl[7:]}",  # 06 12 34 56 78
        f"020-{rng.randint(2, 7)}{d(6)}",  # Amsterdam
        f"010 {rng.randint(2, 5)}{d(2)} {d(4)}",  # Rotterdam
        f"+31 {mobile_nl[:1]} {mobile_nl[1:]}",
        f"+31 (0)20 {rng.randint(5, 7)}{d(2)} {d(4)}",
        f"0031 6 {mobile_nl[1:]}",
        f"0{mobile_be[:3]} {mobile_be[3:5]} {mobile_be[5:7]} {mobile_be[7:]}",  # 0470 12 34 56
        f"02 {rng.randint(2, 7)}{d(2)} {d(2)} {d(2)}",  # Brussels
        f"+32 {mobile_be[:3]} {mobile_be[3:5]} {mobile_be[5:7]} {mobile_be[7:]}",
        f"+32 9 {rng.randint(2, 3)}{d(2)} {d(2)} {d(2)}",  # Ghent
        f"0{mobile_gb[:4]} {mobile_gb[4:]}",  # 07911 123456
        f"020 7{d(3)} {d(4)}",  # London
        f"0161 {rng.randint(2, 9)}{d(2)} {d(4)}",  # Manchester
        f"+44 {mobile_gb[:4]} {mobile_gb[4:]}",
        f"+44 (0)20 7{d(3)} {d(4)}",
        f"+49 30 {rng.randint(2, 9)}{d(7)}",  # Berlin, international format
        f"+33 6 {d(2)} {d(2)} {d(2)} {d(2)}",  # France, international format
    ]
    return rng.choice(formats)


def make_email(rng: random.Random) -> str:
    name = rng.choice(
        ["jan.jansen", "p.de.vries", "anne-marie", "j_smith42", "info+aanvraag", "k.peeters"]
    )
    domain = rng.choice(
        [
            "example.nl",
            "gemeente-voorbeeld.nl",
            "mail.example.co.uk",
            "example.be",
            "nhs.example.net",
        ]
    )
    return f"{name}@{domain}"


POSITIVE_TEMPLATES = {
    "bsn": [
        "Mijn BSN is {v}, kunt u mij helpen?",
        "Burgerservicenummer: {v}",
        "Aanvraag van {v} staat nog open",
        "My citizen service number {v} was rejected",
        "{v} is het nummer van mijn moeder",
    ],
    "be_nn": [
        "Mijn rijksregisternummer is {v}.",
        "INSZ {v}",
        "Graag contact over {v} aub",
        "national register number {v}",
    ],
    "nhs": [
        "My NHS number is {v}",
        "NHS no. {v} - please check",
        "Patient {v} has been waiting since Monday",
        "Referral for {v}",
    ],
    "iban": ["Maak het over naar {v} t.n.v. J. Jansen", "Pay into {v} today", "Rekening {v} graag"],
    "nino": ["My NI number is {v}", "National Insurance {v}, reference attached", "NINO: {v}"],
    "email": ["Mail me at {v} please", "Stuur het naar {v}.", "Contact: {v}"],
    "phone": [
        "Bel mij op {v}",
        "Call me back on {v} after 5",
        "Mijn nummer: {v}.",
        "ring {v} any time",
        "Tel. {v} (na 17 uur)",
    ],
}


def _format_nhs(n: str) -> str:
    return f"{n[:3]} {n[3:6]} {n[6:]}"


def _format_be(n: str, rng: random.Random) -> str:
    return rng.choice([n, f"{n[:2]}.{n[2:4]}.{n[4:6]}-{n[6:9]}.{n[9:]}"])


def _format_bsn(n: str, rng: random.Random) -> str:
    return rng.choice([n, f"{n[:4]}.{n[4:6]}.{n[6:]}", f"{n[:3]} {n[3:6]} {n[6:]}"])


NEGATIVE_TEXTS = [
    "De vergadering is op 12-03-2024 om 19.30 uur.",
    "Published 2024-03-12 10:30, updated 2024-03-14.",
    "Open from 12.03.2024 to 30.04.2024.",
    "Meeting on 12/03/2024 at 14:30.",
    "The budget is € 123.456.789 for 2025.",
    "Kosten: €1.234.567,89 excl. btw.",
    "We received £ 12,345,678 in grants.",
    "EUR 987654321 voor de hele regio.",
    "Totaal 123456789 euro in vier jaar.",
    "There are 1 234 567 residents in the region.",
    "Ons kenmerk 2024-0012345, uw brief van 3 maart.",
    "Zaaknummer Z-2024-123456 is in behandeling.",
    "Reference 2023/456789/AB",
    "Order 58213 has been shipped.",
    "Bouwvergunning 2024-BV-00123 verleend.",
    "Postcode 3511 AB, huisnummer 12.",
    "KvK 12345678, btw NL001234567B01.",
    "Openingstijden 08.30-17.00 uur, vrijdag tot 12.00.",
    "Versie 1.2.3 van de app is uit.",
    "Wet van 12 maart 2024, Stb. 2024, 123.",
    "We planted 25,000 trees and 1,200,000 bulbs.",
    "Read more at https://example.org/news/2024/03/12/123456789",
    "Call 112 in an emergency, or 0800-8844 for non-urgent matters.",
    "Bel 14 020 voor vragen.",
    "Ticket nr. 9434765919 is closed.",
    "Invoice 111222333 was paid.",
    "Factuurnummer 123456782 is betaald.",
    "Zie artikel 2.3.4 lid 5.",
    "Het project kost 2.000.000 tot 3.000.000 euro.",
    "In 2023 kwamen 123.456 bezoekers.",
    # Found in review: counts with thousands separators that pass the eleven-test.
    "Het budget is 111.222.333 voor dit jaar.",
    "We planted 123.456.782 bulbs this spring!",
    "De vergadering van 2024-03-12 14:30-16:00 in zaal 2.",
    "Bel de gemeente: 14 0592, bereikbaar van 08:30 tot 17:00.",
    "Belgian VAT BE0123456789, ISBN 978-90-12345-67-8.",
    "Planning application 24/01234/FUL approved.",
]


def build(seed: int = 2024, per_kind: int = 40) -> list[Sample]:
    rng = random.Random(seed)
    samples: list[Sample] = []

    def add_positive(kind: str, value: str) -> None:
        samples.append(Sample(rng.choice(POSITIVE_TEMPLATES[kind]).format(v=value), (kind,)))

    for _ in range(per_kind):
        bsn = make_bsn(rng)
        add_positive("bsn", _format_bsn(bsn, rng))
        samples.append(
            Sample(f"Nummer {_format_bsn(break_digit(bsn, rng, bsn_ok), rng)} klopt niet", ())
        )

        nn = make_be_nn(rng)
        add_positive("be_nn", _format_be(nn, rng))
        broken = break_digit(nn, rng, be_nn_ok)
        samples.append(
            Sample(
                f"Dossier van {broken[:2]}.{broken[2:4]}.{broken[4:6]}-{broken[6:9]}.{broken[9:]} afgesloten",
                (),
            )
        )

        nhs = make_nhs(rng)
        add_positive("nhs", _format_nhs(nhs))
        samples.append(
            Sample(f"Number {_format_nhs(break_digit(nhs, rng, nhs_ok))} does not exist", ())
        )

        iban = make_iban(rng)
        add_positive("iban", iban)
        samples.append(Sample(f"Rekening {break_digit(iban, rng, iban_ok)} is onjuist", ()))

        add_positive("nino", make_nino(rng))
        add_positive("email", make_email(rng))
        add_positive("phone", make_phone(rng))

        # Random long numbers that fail every checksum: reference-like, no alarm.
        while True:
            length = rng.choice([9, 10, 11])
            number = str(rng.randint(10 ** (length - 1), 10**length - 1))
            if not (bsn_ok(number) or nhs_ok(number) or be_nn_ok(number)):
                break
        samples.append(Sample(f"Referentie {number} ontvangen", ()))
        # A valid-checksum number introduced as a reference: no alarm either.
        samples.append(Sample(f"Zaaknummer {make_bsn(rng)} is afgehandeld", ()))
    samples += [Sample(text, ()) for text in NEGATIVE_TEXTS]
    return samples
