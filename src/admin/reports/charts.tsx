/**
 * Server-rendered SVG charts for the reports page. Colours from the Okabe–Ito palette (told apart with
 * every common colour-vision deficiency); each chart is an `img` with a title and a description, and
 * the page puts its numbers in a table next to it for screen readers.
 */
import type { CategoryTopics } from '../../analytics/dashboard-shape.js';
import type { DayVolume } from '../../analytics/dashboard-shape.js';
import { DAY_NAMES } from '../../analytics/dashboard-shape.js';
import { CHANNEL_LABELS, formatCount, formatShortDay } from './format.js';

/** Okabe–Ito colours per channel. */
export const CHANNEL_COLOURS: Record<string, string> = { telegram: '#0072B2', whatsapp: '#009E73', web: '#E69F00', cli: '#CC79A7' };
const BAR = '#0072B2';
/** A light-to-dark blue ramp for the heat map (sequential, readable without hue). */
const HEAT = ['#F2F6FB', '#D0E1F2', '#A6C9E8', '#6BAED6', '#3182BD', '#08519C', '#08306B'];

/** 0, a round step, …: ticks up to at least `max`. */
export function niceTicks(max: number, count = 4): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(Math.round(v * 1000) / 1000);
  return ticks.filter((t, i) => i === 0 || ticks[i - 1]! < max);
}

interface ChartIds {
  id: string;
  title: string;
  description: string;
}

function Frame(props: ChartIds & { width: number; height: number; children?: unknown }) {
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${props.width} ${props.height}`}
      width={props.width}
      height={props.height}
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      {props.children as never}
    </svg>
  );
}

/** Questions per day, stacked by channel, with a legend. */
export function VolumeChart({ days, channels }: { days: DayVolume[]; channels: string[] }) {
  const width = 720;
  const height = 260;
  const left = 48;
  const right = 12;
  const top = 34;
  const bottom = 36;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...days.map((d) => d.total));
  const ticks = niceTicks(max);
  const scaleMax = ticks[ticks.length - 1]!;
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(1, slot * 0.8);
  const y = (v: number) => top + plotH - (v / scaleMax) * plotH;
  const labelEvery = Math.max(1, Math.ceil(days.length / 6));
  const total = days.reduce((s, d) => s + d.total, 0);
  return (
    <Frame
      id="grafik-volume"
      width={width}
      height={height}
      title="Jumlah pertanyaan per hari per kanal"
      description={`${formatCount(total)} pertanyaan dalam ${days.length} hari; paling banyak ${formatCount(max)} dalam sehari.`}
    >
      {channels.map((channel, i) => (
        <g transform={`translate(${left + i * 130}, 8)`}>
          <rect width="14" height="14" fill={CHANNEL_COLOURS[channel] ?? '#000'} />
          <text x="20" y="12" class="chart-label">
            {CHANNEL_LABELS[channel] ?? channel}
          </text>
        </g>
      ))}
      {ticks.map((t) => (
        <g>
          <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} class="chart-grid" />
          <text x={left - 6} y={y(t) + 4} text-anchor="end" class="chart-label">
            {formatCount(t)}
          </text>
        </g>
      ))}
      {days.map((d, i) => {
        let base = 0;
        return (
          <g>
            {channels.map((channel) => {
              const value = d.channels[channel] ?? 0;
              if (value === 0) return null;
              const rect = <rect x={left + i * slot + (slot - barW) / 2} y={y(base + value)} width={barW} height={y(base) - y(base + value)} fill={CHANNEL_COLOURS[channel] ?? '#000'} />;
              base += value;
              return rect;
            })}
            {i % labelEvery === 0 ? (
              <text x={left + i * slot + slot / 2} y={height - bottom + 18} text-anchor="middle" class="chart-label">
                {formatShortDay(d.day)}
              </text>
            ) : null}
          </g>
        );
      })}
      <line x1={left} x2={width - right} y1={top + plotH} y2={top + plotH} class="chart-axis" />
    </Frame>
  );
}

/** Answered questions per category, as horizontal bars with the count at the end of each. */
export function CategoryChart({ categories, titles }: { categories: CategoryTopics[]; titles: (id: string) => string }) {
  const width = 440;
  const labelW = 180;
  const row = 30;
  const height = Math.max(1, categories.length) * row + 10;
  const max = Math.max(1, ...categories.map((c) => c.count));
  const barMax = width - labelW - 56;
  return (
    <Frame
      id="grafik-kategori"
      width={width}
      height={height}
      title="Pertanyaan terjawab per kategori"
      description={categories.map((c) => `${titles(c.category)}: ${formatCount(c.count)}`).join('; ') || 'Tidak ada pertanyaan terjawab.'}
    >
      {categories.map((c, i) => (
        <g transform={`translate(0, ${i * row + 5})`}>
          <text x={labelW - 8} y={row / 2 + 4} text-anchor="end" class="chart-label">
            {truncate(titles(c.category), 26)}
          </text>
          <rect x={labelW} y={4} width={Math.max(1, (c.count / max) * barMax)} height={row - 10} fill={BAR} />
          <text x={labelW + Math.max(1, (c.count / max) * barMax) + 6} y={row / 2 + 4} class="chart-label">
            {formatCount(c.count)}
          </text>
        </g>
      ))}
    </Frame>
  );
}

/** Day-of-week × hour heat map, Monday first, with a legend from few to many. */
export function HeatMap({ grid }: { grid: number[][] }) {
  const cell = 24;
  const left = 64;
  const top = 22;
  const width = left + 24 * cell + 8;
  const height = top + 7 * cell + 44;
  const max = Math.max(0, ...grid.flat());
  const shade = (v: number) => (v === 0 || max === 0 ? HEAT[0]! : HEAT[Math.min(HEAT.length - 1, 1 + Math.floor((v / max) * (HEAT.length - 1.0001)))]!);
  let busiest = { day: 0, hour: 0, count: -1 };
  grid.forEach((hours, day) => hours.forEach((count, hour) => (count > busiest.count ? (busiest = { day, hour, count }) : null)));
  return (
    <Frame
      id="grafik-jam"
      width={width}
      height={height}
      title="Jam sibuk: pertanyaan per hari dan jam (WIB)"
      description={max > 0 ? `Paling ramai ${DAY_NAMES[busiest.day]} pukul ${String(busiest.hour).padStart(2, '0')}.00 dengan ${formatCount(busiest.count)} pertanyaan.` : 'Belum ada pertanyaan.'}
    >
      {Array.from({ length: 24 }, (_, h) =>
        h % 3 === 0 ? (
          <text x={left + h * cell + cell / 2} y={top - 6} text-anchor="middle" class="chart-label">
            {String(h).padStart(2, '0')}
          </text>
        ) : null,
      )}
      {grid.map((hours, d) => (
        <g>
          <text x={left - 6} y={top + d * cell + cell / 2 + 4} text-anchor="end" class="chart-label">
            {DAY_NAMES[d]}
          </text>
          {hours.map((count, h) => (
            <rect x={left + h * cell} y={top + d * cell} width={cell - 2} height={cell - 2} fill={shade(count)} class="heat-cell">
              <title>{`${DAY_NAMES[d]} ${String(h).padStart(2, '0')}.00: ${formatCount(count)}`}</title>
            </rect>
          ))}
        </g>
      ))}
      <g transform={`translate(${left}, ${top + 7 * cell + 14})`}>
        <text x="0" y="13" class="chart-label">
          Sedikit
        </text>
        {HEAT.map((colour, i) => (
          <rect x={56 + i * 22} y="0" width="20" height="18" fill={colour} class="heat-cell" />
        ))}
        <text x={56 + HEAT.length * 22 + 6} y="13" class="chart-label">
          Banyak{max > 0 ? ` (${formatCount(max)})` : ''}
        </text>
      </g>
    </Frame>
  );
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
