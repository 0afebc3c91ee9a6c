"""Reading returned forms (录取表, 登记表, 结业表 …) into one checked roster per form.

`run.run_intake`: open safely → read (Word by tag, title or position; Excel by name or heading)
→ check → write the rosters and the report. What each form holds comes from its declaration
(`formspec`); nothing here imports the modules that write the forms.
"""
