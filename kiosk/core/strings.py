"""The kiosk's own words: every built-in text a visitor or staff member can see, in both
languages, in one place (the exhibition's words come from the content files instead).

Each is a :class:`Bilingual`; texts with blanks are filled with :meth:`Bilingual.format`.
A screen that shows both languages at once joins them with :meth:`Bilingual.joined`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Bilingual:
    """One text in English and Chinese."""

    en: str
    zh: str

    def format(self, **values: object) -> Bilingual:
        """Both languages with their ``{blanks}`` filled in."""
        return Bilingual(self.en.format(**values), self.zh.format(**values))

    def joined(self, separator: str = " · ", *, first: str = "en") -> str:
        """Both on one line, the language ``first`` first (English unless told):
        ``"Cancel · 取消"``, or ``"取消 · Cancel"`` for a Chinese screen."""
        if first == "zh":
            return f"{self.zh}{separator}{self.en}"
        return f"{self.en}{separator}{self.zh}"

    def lines(self) -> tuple[str, str]:
        """Both, as separate lines."""
        return (self.en, self.zh)


# The attract loop and the idle countdown.
TOUCH_TO_EXPLORE = Bilingual("Touch to explore", "触摸探索")
STILL_THERE = Bilingual("Still there?", "还在浏览吗？")
BACK_TO_START = Bilingual("Back to start in {seconds} s — touch to stay",
                          "{seconds} 秒后回到开始 — 触摸屏幕继续")

# Staff held the deck (Space, or a PAUSE command).
PAUSED = Bilingual("Paused", "已暂停")

# Calm screens: outside opening hours, and while the kiosk cannot run.
CLOSED = Bilingual("Closed — see you tomorrow", "已闭馆 — 明天见")
UNAVAILABLE = Bilingual("This exhibit is temporarily unavailable", "本展项暂时无法使用")
TRY_AGAIN_LATER = Bilingual("Please try again later", "请稍后再试")
OPENS_TODAY = Bilingual("Opens today at {time}", "今天 {time} 开放")
OPENS_TOMORROW = Bilingual("Opens tomorrow at {time}", "明天 {time} 开放")
OPENS_ON = Bilingual("Opens {weekday} at {time}", "{weekday} {time} 开放")
WEEKDAY_NAMES = (
    Bilingual("Monday", "周一"), Bilingual("Tuesday", "周二"), Bilingual("Wednesday", "周三"),
    Bilingual("Thursday", "周四"), Bilingual("Friday", "周五"), Bilingual("Saturday", "周六"),
    Bilingual("Sunday", "周日"),
)
"""The days' names, Monday first, as ``date.weekday()`` counts."""

# A slide's sources line, and the caption under a QR code that has none of its own.
SOURCE = Bilingual("Source: ", "资料来源：")
SOURCES = Bilingual("Sources: ", "资料来源：")

_CITES = re.compile(r"\bsources?\s*[:：]|来源", re.IGNORECASE)
"""A citation label: the word "source(s)" followed by a colon, or 来源 ("source")."""


def cites_a_source(text: str) -> bool:
    """Whether ``text`` names its source itself ("Source: Xinhua", "Data sources: …",
    "资料来源：…"), so the slide needs no second sources line.

    Only a label counts: "Human resources", "outsourced" or "open-source chips" merely hold
    the letters, and a slide titled so must keep its sources line.
    """
    return _CITES.search(text) is not None


READ_MORE = Bilingual("Scan to read more", "扫码了解更多")

# The staff PIN pad.
STAFF = Bilingual("Staff", "工作人员")
CANCEL = Bilingual("Cancel", "取消")
DELETE = Bilingual("Delete", "删除")
OK = Bilingual("OK", "确定")
SETTINGS_UNUSABLE = Bilingual("The staff settings file cannot be used: see kiosk.log",
                              "工作人员设置文件无法使用：请查看 kiosk.log")
ENTER_PIN = Bilingual("Enter the staff PIN", "请输入工作人员密码")
WRONG_PIN = Bilingual("Wrong PIN — {tries} left", "密码错误 — 还可尝试 {count} 次")
LOCKED_OUT = Bilingual("Too many wrong PINs — locked for {seconds} s",
                       "密码错误次数过多 — 请 {seconds} 秒后再试")
# ... and on a first run, before any PIN is set: a confirmed exit instead.
STAFF_ONLY = Bilingual("Staff only", "仅限工作人员")
NO_PIN_YET = Bilingual("No staff PIN is set yet,\nso this exit is not locked.",
                       "尚未设置工作人员密码，此出口未上锁。")
TO_LOCK_IT = Bilingual("To lock it", "上锁")
SET_PIN_COMMAND = "star-kiosk set-pin"
"""Not translated: it is what staff type."""
EXIT_TO_DESKTOP = Bilingual("Exit to the desktop", "退出到桌面")
# ... but in the locked session (install-session) there is no desktop and no exit without one.
CALL_STAFF = Bilingual("Staff only — please ask a member of staff",
                       "仅限工作人员 — 请联系工作人员")
NO_PIN_LOCKED = Bilingual("No staff PIN is set, so this kiosk cannot be left here.\n"
                          "IT sets one as the kiosk's account:",
                          "尚未设置工作人员密码，无法在此退出。\n请IT人员以展示账户设置：")
LEAVE_NOW = Bilingual("Leave the kiosk now?", "确定退出展示吗？")
EXIT = Bilingual("Exit", "退出")
BACK = Bilingual("Back", "返回")

# The staff panel behind the PIN.
STAFF_PANEL = Bilingual("Staff panel", "工作人员面板")
EXIT_KIOSK = Bilingual("Exit the kiosk", "退出展示")
RELOAD_NOW = Bilingual("Reload content now", "立即重新加载内容")
PAUSE_LOOP = Bilingual("Pause the loop", "暂停轮播")
RESUME_LOOP = Bilingual("Resume the loop", "继续轮播")
CLOSE = Bilingual("Close", "关闭")
STATUS = Bilingual("Status", "运行状态")
JUMP_TO_SLIDE = Bilingual("Jump to a slide", "跳转到幻灯片")
PREVIOUS_PAGE = Bilingual("Previous", "上一页")
NEXT_PAGE = Bilingual("Next", "下一页")
CLOSES_BY_ITSELF = Bilingual("Closes by itself after a minute untouched",
                             "一分钟无操作将自动关闭")
CONTENT = Bilingual("Content", "内容")
LAST_REJECTION = Bilingual("Last rejection", "最近被拒")
CONTENT_PULLS = Bilingual("Content pulls", "内容同步")
RUNNING = Bilingual("Running", "运行")
STAFF_PIN = Bilingual("Staff PIN", "工作人员密码")
DATA_FOLDER = Bilingual("Data folder", "数据目录")
VERSION = Bilingual("Version", "版本")
NONE = Bilingual("none", "无")
RELOADED = Bilingual("Reloaded: {slides} slides, shown from the next slide",
                     "已重新加载：{slides} 张，从下一张起显示")
UNCHANGED = Bilingual("The content is unchanged", "内容没有变化")
REFUSED = Bilingual("Refused: {count} problem(s); the last good content stays",
                    "内容有 {count} 处错误，继续显示上次的有效内容")
RELOAD_NOT_READY = Bilingual("Reload is not ready yet", "重新加载暂不可用")
CHECKING_CONTENT = Bilingual("Checking the content…", "正在检查内容…")
LOOP_PAUSED = Bilingual("The loop is paused", "轮播已暂停")
LOOP_RESUMED = Bilingual("The loop runs again", "轮播已继续")
SCREENSHOT = Bilingual("Save a screenshot", "保存截图")
SCREENSHOT_SAVED = Bilingual("Screenshot saved: {name}", "截图已保存：{name}")
SCREENSHOT_FAILED = Bilingual("The screenshot could not be saved", "截图未能保存")


def wrong_pin(tries_left: int) -> Bilingual:
    """The wrong-PIN message with ``tries_left`` tries to go (English plural rules)."""
    tries = f"{tries_left} {'try' if tries_left == 1 else 'tries'}"
    return WRONG_PIN.format(tries=tries, count=tries_left)
