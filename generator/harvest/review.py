"""What a harvest changed, for people: a Markdown summary (a pull request's body) or plain lines."""

from __future__ import annotations


def markdown(runs, today: str) -> str:
    """New, changed, vanished, merged and held calls per source, and every source that failed or was held back."""
    lines = [f"## Harvest of {today}", "", "| source | result | notices | new | changed | vanished | held |"]
    lines.append("|---|---|---:|---:|---:|---:|---:|")
    for run in runs:
        plan = run.plan
        counts = (len(plan.new), len(plan.changed), len(plan.vanished)) if plan else ("–", "–", "–")
        result = "complete" if run.complete else "**not applied**"
        lines.append(
            f"| {run.source} | {result} | {len(run.notices)} | {' | '.join(map(str, counts))} | {len(run.held)} |"
        )
    for run in runs:
        lines += ["", f"### {run.source}", ""] + _details(run)
    return "\n".join(lines).rstrip() + "\n"


def _details(run) -> list[str]:
    if not run.complete:
        good = (run.last_good or {}).get("date", "never")
        return [f"- Not applied: {run.problem}", f"- Its calls were left as they were; last good harvest: {good}."]
    notes = {m.id: m for m in run.calls}
    out: list[str] = []
    plan = run.plan
    for title, ids in (("New", plan.new), ("Changed", plan.changed)):
        for cid in ids:
            mapped = notes[cid]
            flag = "" if "program" in mapped.call else " (no programme)"
            out.append(f"- {title}: `{cid}`{flag}: {_title(mapped.call)}{_url(mapped.call)}")
            out += [f"  - {note}" for note in mapped.review]
    out += [
        f"- Vanished from the feed (kept; delete the file if the call was withdrawn): `{cid}`" for cid in plan.vanished
    ]
    out += [f"- Merged into `{m['into']}` (both cited): `{m['call']}`" for m in run.merged]
    out += [f"- Removed (now merged into another source's call): `{cid}`" for cid in plan.removed]
    for held in run.held:
        out.append(f"- Held for an editor, no call written: {held['external_id']} {held['title']} ({held['reason']})")
    out += [f"- Cross-check: {problem}" for problem in run.checks]
    return out or [f"- Nothing changed ({plan.unchanged} calls as they were)."]


def _title(call: dict) -> str:
    language = call.get("title_language", "ko")
    return call["title"].get(language, "")


def _url(call: dict) -> str:
    return f" <{call['url']}>" if call.get("url") else ""


def text(runs) -> str:
    """One line per source: what was written, or why nothing was."""
    lines = []
    for run in runs:
        if not run.complete:
            good = (run.last_good or {}).get("date", "never")
            lines.append(f"{run.source}: not applied: {run.problem} (last good harvest: {good})")
            continue
        plan = run.plan
        lines.append(
            f"{run.source}: {len(run.notices)} notices; {len(plan.new)} new, {len(plan.changed)} changed, "
            f"{plan.unchanged} unchanged, {len(plan.vanished)} vanished, {len(run.held)} held for an editor, "
            f"{len(run.merged)} merged" + ("" if run.written else "; nothing written")
        )
        lines += [f"  cross-check: {problem}" for problem in run.checks]
    return "\n".join(lines)
