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
} from 'echarts/core';
import { LineChart, BarChart, ScatterChart, CustomChart } from 'echarts/charts';
import {
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  MarkLineComponent,
  MarkAreaComponent,
  MarkPointComponent,
  DataZoomComponent, // both dataZoom types: inside and slider
  AriaComponent,
  DatasetComponent,
  VisualMapComponent, // both visualMap types: continuous and piecewise
} from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

use([
  LineChart,
  BarChart,
  ScatterChart,
  CustomChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  MarkLineComponent,
  MarkAreaComponent,
  MarkPointComponent,
  DataZoomComponent,
  AriaComponent,
  DatasetComponent,
  VisualMapComponent,
  LabelLayout,
  CanvasRenderer,
  SVGRenderer,
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
};
