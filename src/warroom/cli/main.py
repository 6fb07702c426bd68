"""Entry point placeholder; replaced by the dispatcher."""


def main() -> int:
    return 0
