"""Regenerate every printed document from a fresh demo commune, with PNG pages to look at.

    python -m desktop.printing.previews previews/          # or: make previews

Each document lands as PDF and, when poppler's pdftoppm is installed, as one PNG per page (the
first pages only for long batches), so a change of layout can be checked by eye next to a real
administrative document.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlmodel import select

from desktop.ledger.demo import make_demo
from desktop.ledger.records import Household, Registration
from desktop.ledger.settings import write_settings
from desktop.ledger.storage import open_ledger
from desktop.printing import jobs

SIGNER = "Nông Văn Dũng"


def make_previews(
    out: Path, *, households: int = 400, years: tuple[int, ...] = (2022, 2025)
) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="sotn-previews-") as work:
        ledger = open_ledger(Path(work) / "ledger.sqlite")
        try:
            make_demo(ledger, households=households, seed=2025, officer="previews")
            with ledger.session() as s:
                write_settings(s, {"signer.name": SIGNER}, officer="previews")
                registered = s.exec(select(Registration.household_id)).first()
                household = s.get(Household, registered)
                code = household.code if household else "QU-00001"
            for year in years:
                made += [
                    jobs.print_report(ledger, year, out / f"bao-cao-{year}.pdf").path,
                    jobs.print_certificates(
                        ledger, year, out / f"giay-khen-{year}.pdf", officer="previews"
                    ).path,
                    jobs.print_decision(ledger, year, out / f"mau-02-{year}.pdf").path,
                    jobs.print_dossier(
                        ledger, year, "giay_khen", out / f"ho-so-khen-{year}.pdf"
                    ).path,
                ]
                for kind in ("registrations", "escaped", "support", "model-cases"):
                    made.append(
                        jobs.print_list(ledger, kind, year, out / f"ds-{kind}-{year}.pdf").path
                    )
            made.append(jobs.print_registration_form(ledger, code, out / "don-dang-ky.pdf").path)
            for form in ("01", "03", "04"):
                made.append(
                    jobs.print_review_form(ledger, form, code, out / f"mau-{form}.pdf").path
                )
        finally:
            ledger.close()
    if shutil.which("pdftoppm"):
        for pdf in made:
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-l", "4", str(pdf), str(pdf.with_suffix(""))],
                check=True,
            )
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Tạo lại bản xem trước mọi văn bản in từ dữ liệu mẫu"
    )
    parser.add_argument("out", nargs="?", default="previews", help="thư mục ghi PDF và PNG")
    parser.add_argument("--households", type=int, default=400)
    args = parser.parse_args(argv)
    made = make_previews(Path(args.out), households=args.households)
    print(f"Đã tạo {len(made)} văn bản trong {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
