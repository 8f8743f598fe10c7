// The coverage dashboard's charts (echarts), from the page's #coverage-data JSON; a static file, so
// the page needs no inline script (a Content-Security-Policy without 'unsafe-inline').
// Tooltips render as rich text on the canvas: ECharts's HTML tooltips carry style attributes, which the policy refuses.
(function () {
  const data = JSON.parse(document.getElementById("coverage-data").textContent);
  const pct = (v) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
  const targetLine = (value, name) => ({ silent: true, symbol: "none", lineStyle: { type: "dashed" }, label: { position: "insideEndTop", formatter: name + " {c}%" }, data: [{ yAxis: value }] });
  const childEl = document.getElementById("chart-children");
  if (childEl && data.children.length) {
    const chart = echarts.init(childEl);
    chart.setOption({
      tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: (v) => (v === null ? "—" : v + "%") },
      // Legend above, labels below with room to rotate: on a phone they must not overlap.
      legend: { top: 0 }, grid: { top: 36, left: 8, right: 8, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.children.map((c) => c.name), axisLabel: { rotate: 30, interval: 0 } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: "组织覆盖率", type: "bar", data: data.children.map((c) => pct(c.org_coverage_rate)),
          markLine: targetLine(data.targets.target_org_coverage.value, "目标") },
        { name: "工作覆盖率", type: "bar", data: data.children.map((c) => pct(c.work_coverage_rate)) },
      ],
    });
    chart.on("click", (p) => { window.location.search = "?region=" + data.children[p.dataIndex].id; });
    window.addEventListener("resize", () => chart.resize());
  }
  const trendEl = document.getElementById("chart-trend");
  if (trendEl && data.trend.length) {
    const chart = echarts.init(trendEl);
    chart.setOption({
      tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: (v) => (v === null ? "—" : v + "%") }, legend: { top: 0 },
      grid: { top: 36, left: 8, right: 8, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.trend.map((s) => s.month) },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: "组织覆盖率", type: "line", data: data.trend.map((s) => pct(s.org_coverage_rate)),
          markLine: targetLine(data.targets.target_org_coverage.value, "目标") },
        { name: "工作覆盖率", type: "line", data: data.trend.map((s) => pct(s.work_coverage_rate)) },
      ],
    });
    window.addEventListener("resize", () => chart.resize());
  }
})();
