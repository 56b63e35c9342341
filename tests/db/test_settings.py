"""Settings: the village, its hamlets, cadres and dispute types; drafts of open forms."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from db.drafts import discard_draft, list_drafts, load_draft, save_draft
from db.models import AuditEntry, Hamlet
from db.models.register import DEFAULT_TYPES
from db.session import DataError, reading
from db.settings import village as st

VILLAGE = dict(name="青石村", committee="青石村民委员会", township="云岭镇", county="安平县",
               case_prefix="青调", clerk="李文书")


def names(engine, **kw) -> list[str]:
    return [h.name for h in st.list_hamlets(engine, **kw)]


def active_names(engine) -> list[str]:
    return names(engine, include_retired=False)


def count(engine, model) -> int:
    with reading(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


# ---- the village ------------------------------------------------------------------------

def test_setup_village_stores_the_village_and_hamlets_in_order(empty_engine):
    st.setup_village(empty_engine, dict(VILLAGE, name=" 青石村 "), [" 大塘屯", "", "枫木屯 ", "  "])
    village = st.get_village(empty_engine)
    assert (village.id, village.name, village.case_prefix) == (1, "青石村", "青调")
    hamlets = st.list_hamlets(empty_engine)
    assert [(h.name, h.position, h.active) for h in hamlets] == [("大塘屯", 1, True), ("枫木屯", 2, True)]


@pytest.mark.parametrize(
    "village, hamlets, field, words",
    [
        (VILLAGE, [], "hamlets", "至少填写一个屯组"),
        (VILLAGE, ["  ", ""], "hamlets", "至少填写一个屯组"),
        (VILLAGE, ["一组", "二组", " 一组"], "hamlets", "重复"),
        (dict(VILLAGE, name="  "), ["一组"], "name", "村名"),
        (VILLAGE, ["组" * 51], "hamlets", "最多50个字"),
    ],
    ids=["no-hamlets", "blank-hamlets", "duplicate", "no-village-name", "too-long"],
)
def test_setup_village_refuses_bad_input_and_changes_nothing(empty_engine, village, hamlets, field, words):
    with pytest.raises(DataError) as caught:
        st.setup_village(empty_engine, village, hamlets)
    assert words in caught.value.message and caught.value.field == field
    assert st.get_village(empty_engine) is None
    assert count(empty_engine, Hamlet) == 0
    assert count(empty_engine, AuditEntry) == 0


def test_a_second_setup_is_refused(engine):
    with pytest.raises(DataError, match="已设置过"):
        st.setup_village(engine, dict(VILLAGE, name="别的村"), ["甲组"])
    assert st.get_village(engine).name == "青石村"
    assert names(engine) == ["一组", "二组", "三组", "四组"]


def test_save_village_updates_only_what_is_given(engine):
    st.save_village(engine, clerk=" 韦文书 ")
    village = st.get_village(engine)
    assert (village.name, village.clerk) == ("青石村", "韦文书")
    with pytest.raises(DataError, match="村名"):
        st.save_village(engine, name="   ")
    assert st.get_village(engine).name == "青石村"


# ---- hamlets ----------------------------------------------------------------------------

def test_add_hamlet_goes_last_and_refuses_a_clash(engine):
    h = st.add_hamlet(engine, " 五组 ")
    assert (h.name, h.position) == ("五组", 5)
    assert names(engine)[-1] == "五组"
    for bad, words in [("二组", "已有名为“二组”"), (" ", "请填写"), ("长" * 51, "最多")]:
        with pytest.raises(DataError, match=words):
            st.add_hamlet(engine, bad)
    assert names(engine) == ["一组", "二组", "三组", "四组", "五组"]


def test_rename_hamlet(engine):
    st.rename_hamlet(engine, 2, "二组（坡脚）")
    assert names(engine) == ["一组", "二组（坡脚）", "三组", "四组"]
    st.rename_hamlet(engine, 2, "二组（坡脚）")  # its own name is no clash
    with pytest.raises(DataError, match="已有名为“三组”"):
        st.rename_hamlet(engine, 2, "三组")
    with pytest.raises(DataError, match="找不到"):
        st.rename_hamlet(engine, 99, "九组")
    assert names(engine) == ["一组", "二组（坡脚）", "三组", "四组"]


@pytest.mark.parametrize(
    "hamlet_id, delta, expected",
    [
        (3, -1, ["一组", "三组", "二组", "四组"]),
        (2, +1, ["一组", "三组", "二组", "四组"]),
        (1, -1, ["一组", "二组", "三组", "四组"]),  # already first
        (4, +1, ["一组", "二组", "三组", "四组"]),  # already last
        (1, +1, ["二组", "一组", "三组", "四组"]),
        (4, -1, ["一组", "二组", "四组", "三组"]),
        (1, +10, ["二组", "三组", "四组", "一组"]),
    ],
)
def test_move_hamlet(engine, hamlet_id, delta, expected):
    st.move_hamlet(engine, hamlet_id, delta)
    assert names(engine) == expected
    assert [h.position for h in st.list_hamlets(engine)] == [1, 2, 3, 4]


def test_move_skips_retired_hamlets(engine):
    st.set_hamlet_active(engine, 2, False)
    st.move_hamlet(engine, 3, -1)  # over the retired 二组 straight past 一组
    assert active_names(engine) == ["三组", "一组", "四组"]
    st.move_hamlet(engine, 2, -1)  # a retired hamlet does not move
    assert names(engine)[-1] == "二组"


def test_retire_and_bring_back(engine):
    st.set_hamlet_active(engine, 2, False)
    assert active_names(engine) == ["一组", "三组", "四组"]
    assert names(engine) == ["一组", "三组", "四组", "二组"]  # retired ones last, kept
    st.set_hamlet_active(engine, 2, True)
    assert "二组" in active_names(engine)


def test_bringing_back_a_hamlet_whose_name_is_taken_is_refused(engine):
    st.set_hamlet_active(engine, 2, False)
    new = st.add_hamlet(engine, "二组")  # a new 二组 while the old one is retired
    with pytest.raises(DataError, match="已有名为“二组”"):
        st.set_hamlet_active(engine, 2, True)
    assert active_names(engine).count("二组") == 1
    with reading(engine) as s:
        assert s.get(Hamlet, 2).active is False and s.get(Hamlet, new.id).active is True
    with pytest.raises(DataError, match="找不到"):
        st.set_hamlet_active(engine, 99, False)


# ---- cadres -----------------------------------------------------------------------------

def test_cadres_with_roles_and_hamlets(engine):
    views = {v.cadre.name: v for v in st.list_cadres(engine)}
    assert set(views) == {"赵书记", "钱调解", "孙主任", "李信息"}
    assert views["钱调解"].cadre.role_list == ["调解员", "片长"]
    assert views["钱调解"].hamlet_ids == [1, 2]
    assert views["赵书记"].hamlet_ids == []

    c = st.save_cadre(engine, None, name=" 周委员 ", roles=["委员", "片长", "片长"], phone="0771-1234567",
                      hamlet_ids=[3, 4])
    views = {v.cadre.name: v for v in st.list_cadres(engine)}
    assert views["周委员"].cadre.role_list == ["委员", "片长"]  # stripped and de-duplicated
    assert views["周委员"].hamlet_ids == [3, 4]
    assert views["周委员"].cadre.position == 5

    st.save_cadre(engine, c.id, name="周委员", roles=["委员"], hamlet_ids=[4, 1])  # 3 out, 1 in
    view = {v.cadre.id: v for v in st.list_cadres(engine)}[c.id]
    assert view.hamlet_ids == [1, 4]
    assert view.cadre.role_list == ["委员"] and view.cadre.phone == ""


def test_hamlet_leaders_lists_active_cadres_only(engine):
    leaders = {hid: sorted(c.name for c in cs) for hid, cs in st.hamlet_leaders(engine).items()}
    assert leaders == {1: ["钱调解"], 2: ["钱调解"], 3: ["孙主任"], 4: ["李信息"]}
    st.save_cadre(engine, 2, name="钱调解", roles=["调解员"], hamlet_ids=[1, 2], active=False)
    leaders = {hid: [c.name for c in cs] for hid, cs in st.hamlet_leaders(engine).items()}
    assert 1 not in leaders and 2 not in leaders
    inactive = [v for v in st.list_cadres(engine) if not v.cadre.active]
    assert [v.cadre.name for v in inactive] == ["钱调解"]
    assert [v.cadre.name for v in st.list_cadres(engine)][-1] == "钱调解"  # inactive last
    assert "钱调解" not in [v.cadre.name for v in st.list_cadres(engine, include_inactive=False)]


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(name="  ", roles=["书记"]), "请填写姓名"),
        (dict(name="周委员", roles=["委员,片长"]), "逗号"),
        (dict(name="周委员", roles=["委员"], hamlet_ids=[1, 42]), "找不到编号为 42 的屯组"),
    ],
)
def test_bad_cadres_are_refused_and_change_nothing(engine, kwargs, words):
    before = [(v.cadre.name, v.cadre.roles, v.hamlet_ids) for v in st.list_cadres(engine)]
    with pytest.raises(DataError, match=words):
        st.save_cadre(engine, None, **kwargs)
    with pytest.raises(DataError):
        st.save_cadre(engine, 2, **kwargs)
    assert [(v.cadre.name, v.cadre.roles, v.hamlet_ids) for v in st.list_cadres(engine)] == before


def test_saving_a_cadre_that_is_not_there_is_refused(engine):
    with pytest.raises(DataError, match="找不到这个干部"):
        st.save_cadre(engine, 99, name="无名", roles=[])
    assert len(st.list_cadres(engine)) == 4


# ---- dispute types ----------------------------------------------------------------------

def test_the_16_default_dispute_types_come_from_the_migration(empty_engine):
    types = st.list_types(empty_engine, active_only=False)
    assert [t.name for t in types] == list(DEFAULT_TYPES)
    assert len(types) == 16 and all(t.active for t in types)
    assert [t.position for t in types] == list(range(1, 17))


def test_add_rename_and_retire_dispute_types(engine):
    t = st.save_type(engine, None, " 土地承包 ")
    assert (t.name, t.position) == ("土地承包", 17)
    st.save_type(engine, t.id, "土地承包经营")
    assert st.list_types(engine, active_only=False)[-1].name == "土地承包经营"
    st.save_type(engine, t.id, "土地承包经营")  # its own name is no clash
    with pytest.raises(DataError, match="已有“邻里”"):
        st.save_type(engine, t.id, "邻里")
    with pytest.raises(DataError, match="已有“邻里”"):
        st.save_type(engine, None, "邻里")
    with pytest.raises(DataError, match="请填写"):
        st.save_type(engine, None, " ")
    with pytest.raises(DataError, match="找不到"):
        st.save_type(engine, 999, "新类型")
    assert len(st.list_types(engine, active_only=False)) == 17

    neighbours = next(x for x in st.list_types(engine, active_only=False) if x.name == "邻里")
    st.set_type_active(engine, neighbours.id, False)
    active = [x.name for x in st.list_types(engine, active_only=True)]
    assert "邻里" not in active and len(active) == 16
    assert st.list_types(engine, active_only=False)[-1].name == "邻里"  # retired ones last, kept
    st.set_type_active(engine, neighbours.id, True)
    assert "邻里" in [x.name for x in st.list_types(engine, active_only=True)]


# ---- drafts -----------------------------------------------------------------------------

def test_drafts_save_load_replace_and_discard(engine):
    assert load_draft(engine, "dispute") is None
    save_draft(engine, "dispute", "新案件", {"name": "张三", "amount": "12.50", "note": "邻里·争执"})
    assert load_draft(engine, "dispute") == {"name": "张三", "amount": "12.50", "note": "邻里·争执"}
    save_draft(engine, "dispute", "新案件", {"name": "张三丰"})  # replaces, one per form
    save_draft(engine, "dispute:12", "修改案件 12", {"name": "李四"})
    assert load_draft(engine, "dispute") == {"name": "张三丰"}
    assert sorted(d.form for d in list_drafts(engine)) == ["dispute", "dispute:12"]
    discard_draft(engine, "dispute")
    assert load_draft(engine, "dispute") is None
    assert load_draft(engine, "dispute:12") == {"name": "李四"}
    discard_draft(engine, "nothing-here")  # discarding nothing is fine
    assert [d.form for d in list_drafts(engine)] == ["dispute:12"]


def test_drafts_leave_no_audit_entries(engine):
    before = count(engine, AuditEntry)
    save_draft(engine, "hamlet", "屯组", {"name": "五"})
    discard_draft(engine, "hamlet")
    assert count(engine, AuditEntry) == before
