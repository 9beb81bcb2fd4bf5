"""Excel lists in and out: the household lists communes already keep, and exports of any list."""
