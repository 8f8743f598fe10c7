// The grid map's treemap (echarts) from the page's #grid-map-data JSON; a static file, so the page
// needs no inline script under the Content-Security-Policy. Tooltips are rich text on the canvas
// (ECharts's HTML tooltips carry style attributes, which the policy refuses).
(function () {
  const el = document.getElementById("grid-map");
  if (!el) return;
  const data = JSON.parse(document.getElementById("grid-map-data").textContent);
  // The same three colours as the legend under the chart (app.css .legend-*).
  const LOW = "#c0392b", MID = "#e6a23c", HIGH = "#2e8b57", EMPTY = "#adb5bd";
  // Against the region's target for organization coverage (COV-1): reached, at least half-way, short.
  const target = data.target / 100;
  const byCoverage = (n) => (n.org_coverage_rate === null ? EMPTY : n.org_coverage_rate >= target ? HIGH : n.org_coverage_rate >= target / 2 ? MID : LOW);
  const byCases = (n) => (n.case_total === 0 ? HIGH : n.case_total < 3 ? MID : LOW);
  const pct = (v) => (v === null ? "—" : Math.round(v * 1000) / 10 + "%");
  function nodes(items, colour) {
    return items.map((n) => ({
      name: n.name, value: Math.max(n.organizations, 1), raw: n,
      itemStyle: { color: colour(n) },
      children: n.children.length ? nodes(n.children, colour) : undefined,
    }));
  }
  const chart = echarts.init(el);
  function draw(colour) {
    chart.setOption({
      tooltip: {
        renderMode: "richText",
        formatter: (p) => {
          const n = p.data && p.data.raw;
          if (!n) return p.name;
          const cases = Object.entries(n.cases).map(([k, v]) => k + " " + v).join("，") || "无";
          return n.name + "\n在营组织 " + n.organizations + "\n组织覆盖率 " + pct(n.org_coverage_rate) +
            "\n工作覆盖率 " + pct(n.work_coverage_rate) + "\n网格问题 " + cases;
        },
      },
      series: [{
        type: "treemap", name: data.region.name, roam: false, nodeClick: "zoomToNode", leafDepth: 2,
        breadcrumb: { show: true, bottom: 0 }, top: 4, left: 0, right: 0, bottom: 28,
        label: { show: true, formatter: (p) => p.name + (p.data.raw ? "\n" + pct(p.data.raw.org_coverage_rate) : "") },
        upperLabel: { show: true, height: 22 },
        levels: [{ itemStyle: { borderColor: "#fff", borderWidth: 2, gapWidth: 2 } },
                 { itemStyle: { borderColor: "#fff", borderWidth: 1, gapWidth: 1 } }],
        data: nodes(data.children, colour),
      }],
    }, true);
  }
  draw(byCoverage);
  // A leaf (a grid, or the deepest level shown) opens its organizations.
  chart.on("click", (p) => {
    const n = p.data && p.data.raw;
    if (n && !n.children.length && n.link) window.location.href = n.link;
  });
  document.querySelectorAll("#map-colour input").forEach((input) =>
    input.addEventListener("change", () => draw(input.value === "cases" ? byCases : byCoverage)));
  window.addEventListener("resize", () => chart.resize());
})();
