# Prose (detail pages, sentences) reads 2023年8月9日; tables, forms and exports read
# 2023-08-09: the short formats, which django-tables2's date columns use.
DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"

# ISO first: it is what date inputs render and send. Django's own list puts 2016/09/05 first
# and spells the Chinese form with %n/%j, which strptime reads otherwise (%j is day of year).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
