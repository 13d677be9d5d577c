"""Receipt codes: shown once to the voter, stored only as a SHA-256 on the ballot (never on the roll)."""
import hashlib
import secrets

# No 0/O, 1/I/L: the code is read from a screen and typed back.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 10


def new_receipt_code():
    """A random code of LENGTH characters (about 49 bits)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(code):
    """What the voter typed, without spaces or dashes, in capitals (the code is shown as XXXXX-XXXXX)."""
    return "".join(ch for ch in str(code or "").upper() if ch not in " -\t\r\n")


def receipt_hash(code):
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def display(code):
    """XXXXX-XXXXX: easier to copy by hand."""
    return f"{code[:5]}-{code[5:]}" if len(code) == LENGTH else code
