"""Reading returned forms (附件2 录取表, 附件3 登记表, 附件4 结业表) into one checked roster per annex.

`run.run_intake`: open safely → read (Word by tag, title or position; Excel by name or heading)
→ check → write the rosters and the report. Kept empty so that `sheets` can use `fields` and
`layout` without loading the readers.
"""
