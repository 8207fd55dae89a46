// Entry point of backlogsite's custom ECharts build (see build.sh).
// Only what the report pages draw is registered; everything else is left out
// so the vendored bundle stays small. To add a chart type or component,
// import it below, add it to the use([...]) list and re-run ./build.sh.
import {
  version,
  use,
  init,
  dispose,
  getInstanceByDom,
  getInstanceById,
  registerTheme,
  registerLocale,
  connect,
  disconnect,
  graphic,
  format,
  time,
  number,
  setPlatformAPI,
} from 'echarts/core';
import { LineChart, BarChart, ScatterChart, CustomChart } from 'echarts/charts';
// What charts.go emits: no title (each chart's heading is HTML), no aria
// (site.js turns it off: the container's label and data table describe the
// chart), no dataset or visualMap, only the inside dataZoom (the roadmap's
// wheel zoom), and the canvas renderer only.
import {
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  MarkAreaComponent,
  MarkPointComponent,
  DataZoomInsideComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([
  LineChart,
  BarChart,
  ScatterChart,
  CustomChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  MarkAreaComponent,
  MarkPointComponent,
  DataZoomInsideComponent,
  CanvasRenderer,
]);

// Same names and behaviour as the functions of the full echarts.min.js, so
// page scripts written against the full build work unchanged.
window.echarts = {
  version,
  use,
  init,
  dispose,
  getInstanceByDom,
  getInstanceById,
  registerTheme,
  registerLocale,
  connect,
  disconnect,
  graphic,
  format,
  time,
  number,
  setPlatformAPI,
};
