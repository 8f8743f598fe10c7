// The leaders' overview (reports/leaders.html): the sub-regions' coverage chart and a sparkline
// per key figure, from the page's #leaders-data JSON, and the full-screen button. A static file:
// the Content-Security-Policy allows no inline script; tooltips are rich text for the same reason.
(function () {
  const data = JSON.parse(document.getElementById("leaders-data").textContent);
  const root = document.getElementById("leaders-overview");
  const screen = root.classList.contains("leaders-screen");
  const theme = screen ? "dark" : null;
  const pct = (v) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
  const charts = [];
  const draw = (el, option) => {
    const chart = echarts.init(el, theme);
    chart.setOption(Object.assign({ backgroundColor: "transparent", animation: !screen }, option));
    charts.push(chart);
    return chart;
  };
  const big = screen ? 18 : 12;

  const childEl = document.getElementById("chart-children");
  if (childEl && data.children.length) {
    const chart = draw(childEl, {
      tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: (v) => (v === null ? "—" : v + "%") },
      legend: { top: 0, textStyle: { fontSize: big } },
      grid: { top: screen ? 48 : 36, left: 8, right: 8, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.children.map((c) => c.name), axisLabel: { rotate: data.children.length > 6 ? 30 : 0, interval: 0, fontSize: big } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%", fontSize: big } },
      series: [
        { name: "组织覆盖率", type: "bar", data: data.children.map((c) => pct(c.org_coverage_rate)),
          label: { show: screen, position: "top", fontSize: big, formatter: (p) => (p.value === null ? "" : Math.round(p.value) + "%") },
          markLine: data.target === null ? undefined : { silent: true, symbol: "none", lineStyle: { type: "dashed" },
            label: { position: "insideEndTop", formatter: "目标 {c}%", fontSize: big }, data: [{ yAxis: data.target }] } },
        { name: "工作覆盖率", type: "bar", data: data.children.map((c) => pct(c.work_coverage_rate)) },
      ],
    });
    if (!screen) {
      chart.on("click", (p) => { window.location.search = "?region=" + data.children[p.dataIndex].id; });
    }
  }

  document.querySelectorAll(".leaders-spark").forEach((el) => {
    const trend = data.trends[el.dataset.key] || [];
    draw(el, {
      grid: { top: 4, bottom: 4, left: 2, right: 2 },
      tooltip: { trigger: "axis", renderMode: "richText" },
      xAxis: { type: "category", show: false, data: trend.map((s) => s.month) },
      yAxis: { type: "value", show: false, scale: true },
      series: [{ type: "line", data: trend.map((s) => s.value), symbol: "none", smooth: true, areaStyle: { opacity: 0.15 },
        lineStyle: { width: 2 } }],
    });
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));

  // The Fullscreen API: the page fills the meeting room's screen, the browser's bars hidden (Esc leaves).
  const button = document.getElementById("fullscreen-toggle");
  if (button && document.fullscreenEnabled) {
    button.hidden = false;
    const label = button.querySelector("span");
    button.addEventListener("click", () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen();
    });
    document.addEventListener("fullscreenchange", () => {
      label.textContent = document.fullscreenElement ? "退出全屏" : "全屏";
      setTimeout(() => charts.forEach((c) => c.resize()), 100);
    });
  }
})();
