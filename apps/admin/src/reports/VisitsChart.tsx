import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';

// Only the pieces a stacked bar chart needs, so the lazily loaded chunk stays small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/**
 * Okabe–Ito colours, distinguishable with the common colour-vision deficiencies. Fixed per category so a category
 * keeps its colour from one period to the next.
 */
const categoryColour: Record<string, string> = {
  researcher: '#0072B2',
  donor: '#E69F00',
  sponsor: '#009E73',
  volunteer: '#CC79A7',
  student_placement: '#56B4E9',
  professional_other_agency: '#D55E00',
  contractor: '#F0E442',
  other: '#000000',
};

const text = '#1b1b1f';
const font = { size: 14 };

export interface VisitsChartProps {
  /** Axis labels, one per week. */
  weekLabels: string[];
  /** One stack segment per category: its label, its key (for the colour) and a count per week. */
  series: { key: string; label: string; counts: number[] }[];
  /** What the picture shows, for screen readers (the table below has the numbers). */
  description: string;
}

/** Visits per week as stacked bars, one colour per category. */
export function VisitsChart({ weekLabels, series, description }: VisitsChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: weekLabels,
        datasets: series.map((s) => ({
          label: s.label,
          data: s.counts,
          backgroundColor: categoryColour[s.key] ?? '#6b6b78',
          // A dark edge keeps light colours (yellow, sky blue) visible against white and against each other.
          borderColor: '#1b1b1f',
          borderWidth: 1,
        })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, ticks: { color: text, font } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0, color: text, font } },
        },
        plugins: { legend: { position: 'bottom', labels: { color: text, font } } },
      },
    });
    return () => chart.destroy();
  }, [weekLabels, series]);
  return (
    <div className="reports-chart">
      <canvas ref={canvas} role="img" aria-label={description} />
    </div>
  );
}
