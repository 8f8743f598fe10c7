// The pairings graph (echarts) from the page's #pairing-map-data JSON; a static file for the
// Content-Security-Policy, tooltips as rich text on the canvas.
(function () {
  const el = document.getElementById("pairing-map");
  if (!el) return;
  const data = JSON.parse(document.getElementById("pairing-map-data").textContent);
  const OK = "#2e8b57", ATTENTION = "#c0392b";  // app.css .legend-high and .legend-low
  const byId = Object.fromEntries(data.nodes.map((n) => [n.id, n]));
  const chart = echarts.init(el);
  chart.setOption({
    tooltip: {
      renderMode: "richText",
      formatter: (p) => {
        if (p.dataType === "edge") {
          const l = p.data.raw;
          return byId[l.source].name + " ↔ " + byId[l.target].name + "\n自 " + l.since +
            (l.cases.length ? "\n" + l.cases.join("\n") : "\n按要求开展");
        }
        const n = p.data.raw;
        return n.kind === "unit" ? n.name + "（" + n.level + "）\n本年度积分 " + n.points : n.name + "\n" + n.region;
      },
    },
    legend: { top: 0, data: ["共建单位", "两新组织"] },
    series: [{
      // A few pairings spread out to fill the box; many stay compact.
      type: "graph", layout: "force", roam: true, draggable: true, top: 28,
      zoom: data.nodes.length < 20 ? 2 : 1,
      force: { repulsion: data.nodes.length < 20 ? 200 : 120, edgeLength: [40, 90], gravity: 0.08 },
      categories: [{ name: "共建单位", itemStyle: { color: "#b71c1c" } }, { name: "两新组织", itemStyle: { color: "#546e7a" } }],
      label: { show: true, position: "right", fontSize: 11 },
      labelLayout: { hideOverlap: true },
      data: data.nodes.map((n) => ({
        id: n.id, name: n.name, raw: n, category: n.kind === "unit" ? 0 : 1,
        symbol: n.kind === "unit" ? "roundRect" : "circle",
        symbolSize: n.kind === "unit" ? 18 + Math.min(n.points, 100) / 10 : 10,
      })),
      links: data.links.map((l) => ({
        source: l.source, target: l.target, raw: l,
        lineStyle: { color: l.cases.length ? ATTENTION : OK, width: l.cases.length ? 2.5 : 1.5, opacity: 0.9 },
      })),
    }],
  });
  chart.on("click", (p) => {
    if (p.dataType === "node" && p.data.raw.link) window.location.href = p.data.raw.link;
  });
  window.addEventListener("resize", () => chart.resize());
})();
