import json

from django.core.management.base import BaseCommand, CommandError

from partnerships.procurement import (
    ProcurementCheckError,
    check_procurement,
    parse_date,
    parse_value,
)


class Command(BaseCommand):
    help = (
        "Compare a net value with the procurement thresholds valid on the start date "
        "(docs/procurement.md). Not legal advice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--value", required=True, help="net value in euro, e.g. 99999.99")
        parser.add_argument("--start", required=True, help="start of the procedure, YYYY-MM-DD")
        parser.add_argument("--scope", required=True, help="services or works")
        parser.add_argument(
            "--phase-only", action="store_true", help="the value covers only the R&D phase"
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, **options):
        try:
            result = check_procurement(
                value=parse_value(options["value"]),
                start=parse_date(options["start"]),
                scope=options["scope"],
                phase_only=options["phase_only"],
            )
        except ProcurementCheckError as error:
            raise CommandError(str(error), returncode=2) from None
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        eu = result["eu_threshold"]
        self.stdout.write(
            f"{result['date']} {result['scope']} {result['value']} € — EU threshold "
            f"{eu['value']} € {'reached' if eu['reached'] else 'not reached'} ({eu['source']})"
        )
        for route in result["routes"]:
            verdict = "allowed" if route["allowed"] else "not allowed"
            self.stdout.write(
                f"  {route['route']:<28} < {route['limit']:>12} € {verdict:<12} "
                f"[{route['status']}] {route['source']}"
            )
        for code in result["warnings"]:
            self.stdout.write(f"  warning: {code}")
        self.stdout.write("This is a check against a table, not legal advice.")
