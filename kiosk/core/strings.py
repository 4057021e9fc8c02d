"""The kiosk's own words: every built-in text a visitor or staff member can see, in both
languages, in one place (the exhibition's words come from the content files instead).

Each is a :class:`Bilingual`; texts with blanks are filled with :meth:`Bilingual.format`.
A screen that shows both languages at once joins them with :meth:`Bilingual.joined`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bilingual:
    """One text in English and Chinese."""

    en: str
    zh: str

    def format(self, **values: object) -> Bilingual:
        """Both languages with their ``{blanks}`` filled in."""
        return Bilingual(self.en.format(**values), self.zh.format(**values))

    def joined(self, separator: str = " · ") -> str:
        """Both on one line, English first: ``"Cancel · 取消"``."""
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

# The staff PIN pad.
STAFF = Bilingual("Staff", "工作人员")
CANCEL = Bilingual("Cancel", "取消")
ENTER_PIN = Bilingual("Enter the staff PIN", "请输入工作人员密码")
NO_PIN_SET = Bilingual("No PIN set: run star-kiosk set-pin",
                       "尚未设置密码：请运行 star-kiosk set-pin")
WRONG_PIN = Bilingual("Wrong PIN — {tries} left", "密码错误 — 还可尝试 {count} 次")
LOCKED_OUT = Bilingual("Too many wrong PINs — locked for {seconds} s",
                       "密码错误次数过多 — 请 {seconds} 秒后再试")


def wrong_pin(tries_left: int) -> Bilingual:
    """The wrong-PIN message with ``tries_left`` tries to go (English plural rules)."""
    tries = f"{tries_left} {'try' if tries_left == 1 else 'tries'}"
    return WRONG_PIN.format(tries=tries, count=tries_left)
