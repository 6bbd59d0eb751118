"""Who may do what in the ward's store: the roles config.toml's `[roles]` gives Unix groups.

- `triage`: everything: classify (jurisdiction, owners, body, deadline, sector, duplicates),
  edit an item's words, import and take imports back, hide and restore items, merge, add items,
  the conference's details;
- `unit` (with a unit's code): the results of the follow-up only (the fields `kiennghi.fields`
  marks `result`: status, response, roadmap, expected date, reason, note), on the items that
  unit owns or co-owns;
- `read`: reading, searching and exporting documents; nothing written.

A user has what all their groups give: a triage group gives everything, several unit groups
give several units. With `[roles]` configured, a user in none of its groups may only read;
without it, everyone may do everything (as before there were roles). The store asks before
every write (`kiennghi.store`), so that no front end can go around it; the front ends ask the
same `Permissions` to hide what the officer may not do.

These are kiennghi's rules, not the server's: an officer who may write the database file could
change it with other tools; the file's group and mode (README, "Deployment") keep everyone else out.
"""

from __future__ import annotations

import grp
import os
import pwd
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, Sequence

from .errors import NotPermitted
from .fields import FIELD, RESULTS

if TYPE_CHECKING:
    from .model import Item

ROLE_KINDS = ("triage", "unit", "read")

# What a triage role may do besides editing fields, in the words of a refusal ("không được …").
ACTIONS = {
    "import": "nhập bảng kiến nghị",
    "unimport": "gỡ lần nhập",
    "delete": "ẩn (xóa) ý kiến",
    "restore": "khôi phục ý kiến đã ẩn",
    "add": "thêm ý kiến mới",
    "conference": "sửa thông tin hội nghị",
}


@dataclass(frozen=True)
class Role:
    """What one Unix group may do: `kind` one of ROLE_KINDS, `unit` a unit's code for "unit"."""

    group: str
    kind: str
    unit: str | None = None


def groups_of(user: str) -> tuple[str, ...]:
    """The Unix groups of `user` as the system's group database lists them now (its primary
    group first); none for a user the system does not know."""
    try:
        gid = pwd.getpwnam(user).pw_gid
    except KeyError:
        return ()
    return tuple(dict.fromkeys(_group_name(number) for number in os.getgrouplist(user, gid)))


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


class Roles:
    """The configuration's `[roles]`, in its order; `unit_names` names each unit's code in words."""

    def __init__(self, roles: Sequence[Role] = (), unit_names: Mapping[str, str] | None = None) -> None:
        self.roles = tuple(roles)
        self.unit_names = dict(unit_names or {})

    @property
    def configured(self) -> bool:
        return bool(self.roles)

    def permissions(self, user: str, groups: Sequence[str] | None = None) -> Permissions:
        """What `user` may do, by `groups` (None: the user's groups on this system)."""
        if not self.configured:
            return Permissions(user, (), triage=True, restricted=False)
        groups = tuple(groups_of(user) if groups is None else groups)
        held = [role for role in self.roles if role.group in groups]
        units = tuple(dict.fromkeys(role.unit for role in held if role.kind == "unit" and role.unit))
        return Permissions(
            user, groups, triage=any(role.kind == "triage" for role in held), units=units,
            unit_names={code: self.unit_names.get(code, code) for code in units},
            known=bool(held), triage_groups=tuple(role.group for role in self.roles if role.kind == "triage"),
        )


@dataclass(frozen=True)
class Permissions:
    """What one user may do. `triage`: everything; else `units`: the results of those units'
    items; else nothing written. `restricted` is False when no `[roles]` is configured; `known`
    whether any of the user's `groups` has a role."""

    user: str
    groups: tuple[str, ...]
    triage: bool = False
    units: tuple[str, ...] = ()
    restricted: bool = True
    unit_names: Mapping[str, str] = field(default_factory=dict)
    known: bool = True
    triage_groups: tuple[str, ...] = ()

    def may(self, action: str) -> bool:
        """Whether the user may do `action` (one of ACTIONS)."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        return self.triage

    def may_edit(self, name: str, item: Item | None = None) -> bool:
        """Whether the user may change field `name` of `item`; with no item, of any item at all
        (whether to offer that edit)."""
        if not FIELD[name].editable:
            return False
        if self.triage:
            return True
        if name not in RESULTS or not self.units:
            return False
        return item is None or self.owns(item)

    def owns(self, item: Item) -> bool:
        """Whether the item is one of the user's units' (its owner or a co-owner)."""
        return item.owner in self.units or any(code in self.units for code in item.co_owners)

    @property
    def may_write(self) -> bool:
        """Whether the user may write anything at all."""
        return self.triage or bool(self.units)

    def allowed(self) -> str:
        """What the user may do, in words: "chỉ được xem …"."""
        if not self.restricted:
            return "được làm mọi việc (cấu hình không có bảng [roles])"
        if self.triage:
            return "được phân loại và làm mọi việc"
        if self.units:
            results = ", ".join(FIELD[name].label for name in RESULTS)
            units = ", ".join(self.unit_names.get(code, code) for code in self.units)
            return f"chỉ được cập nhật kết quả ({results}) của các ý kiến do {units} chủ trì hoặc phối hợp"
        if not self.known:
            return ("chỉ được xem (tra cứu, xuất văn bản): không nhóm nào của người này có vai trò "
                    "trong bảng [roles] của cấu hình")
        return "chỉ được xem (tra cứu, xuất văn bản), không được ghi gì"

    def refusal(self, what: str, action: str, items: Sequence[str] = ()) -> NotPermitted:
        """The error refusing `what` ("sửa hạn giải quyết của KN-2025-003"): who asked, what the
        role allows, whom to ask."""
        who = f"{self.user} (nhóm {', '.join(self.groups)})" if self.groups else self.user
        advice = ""
        if self.triage_groups:
            advice = (f" Cần làm việc đó thì nhờ người quản trị thêm {self.user} vào nhóm "
                      f"{' hoặc '.join(self.triage_groups)} rồi mở lại kiennghi.")
        return NotPermitted(
            f"{who} không được {what}. Theo bảng [roles] của cấu hình, {self.user} {self.allowed()}. "
            f"Chưa ghi gì; lần từ chối này đã được ghi lại.{advice}",
            action, tuple(items),
        )

    def check(self, action: str, items: Sequence[str] = ()) -> None:
        """Raise the refusal of `action` unless the user may do it."""
        if not self.may(action):
            raise self.refusal(ACTIONS[action], action, items)
