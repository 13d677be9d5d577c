from django.core.management.base import BaseCommand, CommandError

from audit.domain.services import verify_chain
from audit.models import AuditEvent


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm của nhật ký thay đổi: báo mọi bản ghi bị sửa, chèn hoặc xóa."

    def handle(self, *args, **options):
        broken = verify_chain()
        if broken:
            raise CommandError("Nhật ký bị can thiệp tại các bản ghi: " + ", ".join(map(str, broken)))
        self.stdout.write(f"Nhật ký toàn vẹn: {AuditEvent.objects.count()} bản ghi.")
