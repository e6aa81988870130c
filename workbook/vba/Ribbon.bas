Attribute VB_Name = "Ribbon"
' The ribbon's callbacks: each button of customUI.xml calls one entry point of
' the Python module minsheng.xl, through RunPython from the xlwings add-in.
' The project references the add-in (VBA editor: Tools > References > xlwings),
' as xlwings quickstart workbooks do; python/minsheng/vba.py adds the reference.
' ASCII only: the labels, in Chinese, live in workbook/ribbon/customUI.xml.
Option Explicit

Public Sub BtnValidate(control As IRibbonControl)
    RunPython "import minsheng.xl; minsheng.xl.validate()"
End Sub

Public Sub BtnSplit(control As IRibbonControl)
    RunPython "import minsheng.xl; minsheng.xl.split()"
End Sub

Public Sub BtnPlanSplit(control As IRibbonControl)
    RunPython "import minsheng.xl; minsheng.xl.plan_split()"
End Sub

Public Sub BtnPlanMerge(control As IRibbonControl)
    RunPython "import minsheng.xl; minsheng.xl.plan_merge()"
End Sub

Public Sub BtnConsolidate(control As IRibbonControl)
    RunPython "import minsheng.xl; minsheng.xl.consolidate()"
End Sub

Public Sub BtnStatus(control As IRibbonControl)
    RunPython "import minsheng.xl; minsheng.xl.status()"
End Sub

Public Sub BtnBulletin(control As IRibbonControl)
    RunPython "import minsheng.xl; minsheng.xl.bulletin()"
End Sub

Public Sub BtnRemind(control As IRibbonControl)
    RunPython "import minsheng.xl; minsheng.xl.remind()"
End Sub
