"""The checksums of Dutch citizen service numbers (BSN), British NHS numbers
and Belgian national register numbers, for every window of a digit string at
once.

A window's checksum is a weighted sum of its digits. Taken as polynomials,
the digits times the weights give every window's sum as one coefficient of
their product; Python multiplies big integers in C, so a run of 35,000 digits
costs three multiplications instead of 100,000 turns of a Python loop. What
passes here may be a number; python-stdnum (see detect._national_id_kind)
decides.
"""

from __future__ import annotations

SIZES = (9, 10, 11)
BITS = 16  # per coefficient: every weighted sum below stays under 2**16
# The eleven-test of a BSN: 9·d1 + 8·d2 + … + 2·d8 − d9, with −1 ≡ 10 (mod 11).
BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, 10)
# NHS numbers, modulus 11: 10·d1 + 9·d2 + … + 1·d10.
NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
# Belgian numbers: the first nine digits modulo 97 (10^k reduced modulo 97)
# plus the two check digits is 0 modulo 97 when the number passes, in either
# century (the 2000s add 2,000,000,000 to the nine digits).
BE_WEIGHTS = (*(10 ** (8 - k) % 97 for k in range(9)), 10, 1)
BE_CENTURY = 2_000_000_000 % 97
WEIGHTS = {9: BSN_WEIGHTS, 10: NHS_WEIGHTS, 11: BE_WEIGHTS}
KERNELS = {
    size: sum(w << (BITS * (size - 1 - k)) for k, w in enumerate(weights))
    for size, weights in WEIGHTS.items()
}


def _table(function) -> bytes:
    """A bytes.translate table: `function` of each byte."""
    return bytes(function(b) for b in range(256))


# A window's weighted sum sits in two bytes, high · 256 + low; modulo 11 or 97
# each byte is looked up on its own and the two added (no sum carries over).
MOD_11_LOW, MOD_11_HIGH = _table(lambda b: b % 11), _table(lambda b: b * 256 % 11)
MOD_97_LOW, MOD_97_HIGH = _table(lambda b: b % 97), _table(lambda b: b * 256 % 97)
ELEVEN_PASSES = _table(lambda r: r % 11 == 0)
BELGIAN_PASSES = _table(lambda r: r % 97 == 0 or (r + BE_CENTURY) % 97 == 0)
# A sum of 0 is eleven zeros, whose check digits (00) pass only in the 2000s.
BELGIAN_PASSES_AT_ZERO = _table(lambda r: (r + BE_CENTURY) % 97 == 0)
IS_ZERO = _table(lambda b: b == 0)


def _added(a: bytes, b: bytes) -> bytes:
    """Byte by byte, where no sum exceeds 255."""
    return (int.from_bytes(a, "little") + int.from_bytes(b, "little")).to_bytes(len(a), "little")


def passing_windows(digits: str) -> dict[int, bytes]:
    """Per window size, a byte for every start in `digits` (ASCII 0-9): 1 where
    the window's digits may pass that size's checksum, 0 where they cannot."""
    length = len(digits)
    # The digits in 16-bit coefficients: UTF-16 gives each its code point ("0" is 48).
    ones = int.from_bytes(b"\x01\x00" * length, "little")
    values = int.from_bytes(digits.encode("utf-16-le"), "little") - 48 * ones
    windows = {}
    for size in SIZES:
        count = length - size + 1
        if count <= 0:
            windows[size] = b""
            continue
        # Coefficient a + size − 1 of the product is the weighted sum of window a.
        sums = (values * KERNELS[size]) >> (BITS * (size - 1))
        coefficients = sums.to_bytes(2 * (length + 1), "little")[: 2 * count]
        low, high = coefficients[0::2], coefficients[1::2]
        if size != 11:
            residue = _added(low.translate(MOD_11_LOW), high.translate(MOD_11_HIGH))
            windows[size] = residue.translate(ELEVEN_PASSES)
            continue
        residue = _added(low.translate(MOD_97_LOW), high.translate(MOD_97_HIGH))
        passes = residue.translate(BELGIAN_PASSES)
        zero = int.from_bytes(low.translate(IS_ZERO), "little") & int.from_bytes(
            high.translate(IS_ZERO), "little"
        )
        if zero:
            at_zero = int.from_bytes(residue.translate(BELGIAN_PASSES_AT_ZERO), "little")
            kept = int.from_bytes(passes, "little") & ~zero | at_zero & zero
            passes = kept.to_bytes(count, "little")
        windows[size] = passes
    return windows
