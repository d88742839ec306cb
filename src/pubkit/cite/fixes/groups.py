"""CSL ``cs:group`` suppression, decided by the variables actually called.

A group is suppressed when at least one variable was called while its
children rendered and every variable called was empty. Only variables that
rendering really looked up count: a ``cs:choose`` contributes the variables
of the branch it took, not of all its branches, and a condition that tests a
variable does not call it. A nested group that renders counts as a filled
variable for the groups around it ("[Online]" beside an empty "Accessed"
group keeps their common group). citeproc-py counts every variable a child *could*
call, so APA's "(Publication)" stayed for a thesis without a number.
"""

from __future__ import annotations

from typing import Any

from citeproc.model import Choose, Group, VariableError

from pubkit.cite.fixes import Fix, register
from pubkit.cite.fixes.rendered import called, calling

#: The name under which a rendered nested group is reported to outer groups.
NESTED_GROUP = "cs:group"


def group_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    """Render a group, suppressing it when every variable it called is empty."""
    output = []
    delimiter = self.get("delimiter", "")
    with calling() as seen:
        for child in self.iterchildren():
            try:
                if isinstance(child, Choose):
                    text = child.render(
                        item, context=context, delimiter=delimiter, **kwargs
                    )
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            if text is not None:
                output.append(text)

    if output and (not seen or any(seen.values())):
        # A nested group that renders counts as a filled variable for the
        # groups around it, as citeproc-js counts it.
        called(NESTED_GROUP, True)
        return self.join(output)
    raise VariableError


FIX = register(
    Fix(
        name="group-suppression",
        rule=(
            "A cs:group is suppressed when it called at least one variable "
            "and all the variables it called were empty."
        ),
        patches=((Group, "process", group_process),),
    )
)
