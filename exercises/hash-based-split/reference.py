# Reference: 32-bit FNV-1a over the key's bytes (ASCII: one byte per character), bucket =
# hash mod 100, test when bucket < test_percent.


def fnv1a(key):
    h = 2166136261
    for byte in key.encode("ascii"):  # raises for a non-ASCII key
        h ^= byte
        h = (h * 16777619) & 0xFFFFFFFF
    return h


def hash_split(keys, test_percent):
    if isinstance(test_percent, bool) or not isinstance(test_percent, (int, float)):
        raise ValueError("test_percent must be an integer from 0 to 100")
    if test_percent != int(test_percent) or not 0 <= test_percent <= 100:
        raise ValueError("test_percent must be an integer from 0 to 100")
    train, test = [], []
    for i, key in enumerate(keys):
        if not isinstance(key, str):
            raise ValueError(f"keys[{i}] is not a string")
        (test if fnv1a(key) % 100 < test_percent else train).append(i)
    return {"train": train, "test": test}
