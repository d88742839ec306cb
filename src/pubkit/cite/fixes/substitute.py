"""CSL ``cs:substitute``: a variable used as a substitute is not repeated.

When ``cs:substitute`` fills an empty author slot with the editors, or with
the title, every variable the substitute rendered is suppressed for the rest
of the entry. citeproc-py remembers only the substitute element's own
``variable`` attribute, and only ``cs:text`` consults it, so an edited book
listed its editors twice and an anonymous work its title twice.

The variables suppressed are those rendered while the substitute ran (text,
number and names variables are recorded; a date rendered inside a
substitute is not).
"""

from __future__ import annotations

from typing import Any

from citeproc.model import Names, Number, Substitute, Text, VariableError

from pubkit.cite.fixes import Fix, register
from pubkit.cite.fixes.rendered import called as _called
from pubkit.cite.fixes.rendered import record as _record
from pubkit.cite.fixes.rendered import recording

_NS = "{http://purl.org/net/xbiblio/csl}"
_RENDERING = {f"{_NS}text", f"{_NS}names", f"{_NS}date", f"{_NS}number"}
_original_names = Names.process
_original_text = Text._variable
_original_number = Number.process


def text_variable(self: Any, item: Any, context: Any) -> Any:
    """Look up a text variable, recording it while a substitute renders."""
    variable = self.get("variable")
    try:
        text = _original_text(self, item, context)
    except VariableError:
        text = None
        raise
    finally:
        # A year suffix is generated, not called: it never empties a group.
        if text or variable not in self.generated_variables:
            _called(variable, bool(text))
    if text:
        _record(variable)
    return text


def number_process(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
    """Render a number unless suppressed, recording it for a substitute."""
    context = kwargs.get("context")
    layout = (self if context is None else context).get_layout()
    variable = self.get("variable")
    if variable in layout.repressed.get(f"{_NS}number", []):
        _called(variable, False)
        return None
    try:
        text = _original_number(self, item, *args, **kwargs)
    except VariableError:
        _called(variable, False)
        raise
    if text:
        _record(variable)
    _called(variable, bool(text))
    return text


def _render_child(self: Any, child: Any, item: Any, context: Any, **kwargs: Any) -> Any:
    if isinstance(child, Names) and child.name is None:
        names = self.xpath_search("./parent::cs:names[1]")[0]
        return child.render(item, names_context=names, context=context, **kwargs)
    return child.render(item, context=context, **kwargs)


def substitute_render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    """Render the first substitute that gives text, suppressing what it used."""
    for child in self.getchildren():
        with recording() as used:
            try:
                text = _render_child(self, child, item, context, **kwargs)
            except VariableError:
                continue
        if text:
            _suppress(self, used, context)
            for variable in used:
                _record(variable)
            return text
    return None


def _suppress(self: Any, variables: set[str], context: Any) -> None:
    layout = (context if context is not None else self).get_layout()
    for tag in _RENDERING:
        layout.repressed.setdefault(tag, []).extend(sorted(variables))


def _substituted_for(names: Any) -> Any:
    """The cs:names a childless cs:names inside its cs:substitute stands in for."""
    if len(names):
        return None
    for ancestor in names.iterancestors():
        if ancestor.tag == f"{_NS}substitute":
            return ancestor.getparent()
        if ancestor.tag == f"{_NS}names":
            return None
    return None


def names_process(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
    """Render names, leaving out variables already used as a substitute.

    A cs:names without children inside a cs:substitute, even within a
    cs:choose there, takes the cs:name, cs:et-al and cs:label of the cs:names
    it substitutes for.
    """
    if kwargs.get("names_context") is None:
        original = _substituted_for(self)
        if original is not None:
            kwargs = {**kwargs, "names_context": original}
    context = kwargs.get("context")
    context = self if context is None else context
    try:
        repressed = context.get_layout().repressed.get(f"{_NS}names", [])
    except (AttributeError, IndexError):
        repressed = []
    roles = [r for r in self.get("variable", "").split() if r in repressed]
    hidden = {r: item.reference.pop(r.replace("-", "_"), None) for r in roles}
    try:
        text = _original_names(self, item, *args, **kwargs)
        for role in self.get("variable", "").split():
            present = role not in roles and role.replace("-", "_") in item.reference
            if text and present:
                _record(role)
            _called(role, bool(text) and present)
        return text
    except VariableError:
        for role in self.get("variable", "").split():
            _called(role, False)
        raise
    finally:
        for role, value in hidden.items():
            if value is not None:
                item.reference[role.replace("-", "_")] = value


FIX = register(
    Fix(
        name="substitute-suppression",
        rule=(
            "Variables rendered through cs:substitute are suppressed in the "
            "rest of the entry."
        ),
        patches=(
            (Substitute, "render", substitute_render),
            (Names, "process", names_process),
            (Text, "_variable", text_variable),
            (Number, "process", number_process),
        ),
    )
)
