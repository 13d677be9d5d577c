"""The demo accounts as a table: plain text for the terminal, Markdown for the README."""
import unicodedata

HEADERS = ("Tên đăng nhập", "Vai trò", "Đơn vị")


def _width(text):
    # Combining marks take no column, so a decomposed "ễ" still lines up.
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def _pad(text, width):
    return text + " " * (width - _width(text))


def accounts_text_table(accounts, password):
    rows = [HEADERS] + [(a.username, a.role, a.unit) for a in accounts]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(HEADERS))]
    lines = ["  ".join(_pad(cell, w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines + ["", f"Mật khẩu của mọi tài khoản mẫu: {password}"])


def accounts_markdown_table(accounts, password):
    lines = [f"| {' | '.join(HEADERS)} |", "|---|---|---|"]
    lines += [f"| `{a.username}` | {a.role} | {a.unit} |" for a in accounts]
    return "\n".join(lines + ["", f"Mật khẩu của mọi tài khoản mẫu: `{password}`"])
