import django_tables2 as tables


class BaseTable(tables.Table):
    """On a phone only `phone_columns` show; the rest appear from tablet width up."""

    phone_columns: tuple[str, ...] = ("name",)

    class Meta:
        attrs = {"class": "table table-hover align-middle mb-0"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for bound in self.columns:
            if bound.name not in self.phone_columns:
                column = bound.column
                column.attrs = {**column.attrs, "th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
