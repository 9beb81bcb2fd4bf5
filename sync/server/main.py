"""`sotn-server`: reserved for the provincial server, built in the sync issue."""

import sys


def main() -> int:
    print("Máy chủ tỉnh chưa được xây dựng trong phiên bản này.", file=sys.stderr)
    return 2
