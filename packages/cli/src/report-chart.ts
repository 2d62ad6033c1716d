/**
 * The HTML report's chart: events per month, one bar per event type, as an inline SVG drawn by Apache
 * ECharts' server-side renderer (no browser, no DOM, no canvas: `renderToSVGString`). Its text is only
 * what this file gives it (months and the event types' labels), never a credential's.
 */
import { BarChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { EVENT_TYPES, type Report } from './report-data.js'

echarts.use([BarChart, GridComponent, LegendComponent, AriaComponent, SVGRenderer])

export const EVENT_LABELS = {
  view: 'page views',
  verify: 'verifications',
  linkedin: 'LinkedIn adds',
  download: 'downloads',
} as const

/** Colours with at least 3:1 contrast on white (WCAG 2.2 non-text contrast). */
const COLOURS = ['#1d3557', '#2a7f62', '#b5532c', '#6a4c93']

/** The SVG of the events per month, `width` × `height` pixels. */
export function monthlyChartSvg(report: Report, width = 760, height = 340): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption({
      animation: false,
      aria: { enabled: true },
      color: COLOURS,
      legend: { top: 8, itemGap: 24 },
      grid: { left: 56, right: 16, top: 48, bottom: 40 },
      xAxis: { type: 'category', data: report.months.map((m) => m.month) },
      yAxis: { type: 'value', minInterval: 1 },
      series: EVENT_TYPES.map((type) => ({
        name: EVENT_LABELS[type],
        type: 'bar',
        data: report.months.map((m) => m.events[type]),
      })),
    })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}
