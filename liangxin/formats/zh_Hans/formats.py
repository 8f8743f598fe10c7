# Prose (detail pages, sentences) reads 2023年8月9日: DATE_FORMAT and DATETIME_FORMAT are
# Django's zh_Hans ones. Tables, forms and exports read 2023-08-09: the short formats, which
# django-tables2's date columns use.
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"

# ISO first: it is what date inputs render and send. Django's own list puts 2016/09/05 first
# and spells the Chinese form with %n/%j, which strptime reads otherwise (%j is day of year).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
