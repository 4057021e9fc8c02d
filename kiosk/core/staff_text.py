"""Every built-in text of the staff PIN pad and staff panel, in English and Chinese, in one place.

Staff texts are not content: a curator's YAML never changes them, so they live here rather
than in ``content/``. Each is bilingual, whatever language visitors chose: ``"English · 中文"``
where one line holds both, else English above Chinese, so that no line breaks in the middle
of a Chinese phrase. No Qt here.
"""

from __future__ import annotations

import math

# ---------------------------------------------------------------------- the PIN pad

PAD_TITLE = "Staff · 工作人员"
ENTER_PIN = "Enter the staff PIN\n请输入工作人员密码"
KEY_DELETE = "Delete\n删除"
KEY_OK = "OK\n确定"
KEY_CANCEL = "Cancel · 取消"

STAFF_ONLY = "Staff only · 仅限工作人员"
NO_PIN_NOTICE = ("No staff PIN is set yet, so this exit is not locked.\n"
                 "尚未设置工作人员密码，此出口未上锁。\n\n"
                 "To lock it · 上锁：\nstar-kiosk set-pin")
NO_PIN_EXIT = "Exit to the desktop\n退出到桌面"
CONFIRM_EXIT = "Leave the kiosk now?\n确定退出展示吗？"
CONFIRM_YES = "Exit\n退出"
CONFIRM_BACK = "Back\n返回"


def wrong_pin(tries_left: int) -> str:
    """The wrong-PIN message with the tries left before the pad locks."""
    tries = "try" if tries_left == 1 else "tries"
    return f"Wrong PIN — {tries_left} {tries} left\n密码错误，还可尝试 {tries_left} 次"


def locked(seconds: float) -> str:
    """The pad is locked after too many wrong PINs, for ``seconds`` more."""
    whole = max(1, math.ceil(seconds))
    return (f"Too many wrong PINs — locked for {whole} s\n"
            f"错误次数过多，请 {whole} 秒后再试")


# ---------------------------------------------------------------------- the staff panel

PANEL_TITLE = "Staff panel · 工作人员面板"
ACTION_EXIT = "Exit the kiosk\n退出展示"
ACTION_RELOAD = "Reload content now\n立即重新加载内容"
ACTION_PAUSE = "Pause the loop\n暂停轮播"
ACTION_RESUME = "Resume the loop\n继续轮播"
ACTION_CLOSE = "Close\n关闭"
JUMP_HEADING = "Jump to a slide · 跳转到幻灯片"
STATUS_HEADING = "Status · 运行状态"
AUTO_CLOSE_NOTE = "Closes by itself after a minute untouched · 一分钟无操作将自动关闭"

LABEL_CONTENT = "Content · 内容"
LABEL_REJECTION = "Last rejection · 最近被拒"
LABEL_RUNNING = "Running · 运行"
LABEL_DATA = "Data folder · 数据目录"
LABEL_VERSION = "Version · 版本"

RELOADED = "Reloaded: {slides} slides, shown from the next slide · 已重新加载：{slides} 张"
UNCHANGED = "The content is unchanged · 内容没有变化"
REJECTED = ("Refused: {count} problem(s); the last good content stays · "
            "内容有 {count} 处错误，继续显示上次的有效内容")
RELOAD_UNAVAILABLE = "Reload is not ready yet · 重新加载暂不可用"
PAUSED_NOTE = "The loop is paused · 轮播已暂停"
RESUMED_NOTE = "The loop runs again · 轮播已继续"
