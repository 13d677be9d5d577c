from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from blocs.domain.demo import load_demo
from blocs.management.demo_table import accounts_markdown_table, accounts_text_table
from decisions import demo as decisions_demo
from reports import demo as reports_demo
from scoring import demo as scoring_demo


class Command(BaseCommand):
    help = ("Nạp dữ liệu mẫu (blocs/demo/blocs.yaml: 5 tỉnh, khối, đơn vị, năm thi đua, hội nghị) và "
            "các tài khoản mẫu. Chạy lại nhiều lần không thay đổi gì.")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Nạp cả khi DEBUG tắt (không dùng trên máy chủ thật).")
        parser.add_argument("--markdown", action="store_true",
                            help="In bảng tài khoản mẫu dạng Markdown (cho README).")

    def handle(self, *args, force=False, markdown=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Từ chối nạp dữ liệu mẫu vì DEBUG đang tắt (môi trường thật). "
                               "Bật DJANGO_DEBUG, hoặc dùng --force nếu chắc chắn.")
        # Scales and scores go in before past years are closed (the services refuse a closed year).
        accounts = load_demo(before_closing=self.before_closing)
        reports_demo.install_demo_certificates(stdout=self.stdout)  # passphrase: the demo password
        table = accounts_markdown_table if markdown else accounts_text_table
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu. Tài khoản mẫu:"))
        self.stdout.write(table(accounts, settings.DEMO_PASSWORD))

    def before_closing(self):
        scoring_demo.load(stdout=self.stdout)  # awards' year-ends included: the Board approves the nominations
        decisions_demo.load(stdout=self.stdout)  # then the approved lists end in recorded decisions
