import { describe, expect, it } from 'vitest';
import { clarifyText } from '../../src/core/clarify-text.js';

const passive = { title: 'Hadir di kampanye hanya untuk mendengarkan', verdict: 'bersyarat' as const, distinction: 'hanya hadir sebagai penonton kampanye' };
const active = { title: 'Kampanye aktif, pakai atribut, atau mengajak massa', verdict: 'dilarang' as const, distinction: 'ikut aktif berkampanye' };

describe('clarify text', () => {
  it('names each choice by its distinction and, when the verdicts differ, says so and gives each verdict', () => {
    expect(clarifyText([passive, active])).toBe(
      'Ada dua kemungkinan, dan jawabannya berbeda: hanya hadir sebagai penonton kampanye (boleh dengan syarat), atau ikut aktif berkampanye (dilarang). Pilih yang sesuai:',
    );
  });

  it('leaves the verdicts out when all choices share one', () => {
    const follow = { title: 'Follow atau subscribe akun calon', verdict: 'dilarang' as const, distinction: 'mengikuti (follow) akun calon' };
    expect(clarifyText([active, follow])).toBe('Ada dua kemungkinan: ikut aktif berkampanye, atau mengikuti (follow) akun calon. Pilih yang sesuai:');
  });

  it('does not count "informasi" as a differing verdict, and never labels a choice with it', () => {
    const sanctions = { title: 'Jenis sanksi bagi ASN yang tidak netral', verdict: 'informasi' as const, distinction: 'sanksi disiplin dan administratif' };
    const criminal = { title: 'Ancaman pidana terkait netralitas ASN', verdict: 'informasi' as const, distinction: 'ancaman pidana' };
    expect(clarifyText([sanctions, criminal, active])).toBe(
      'Ada tiga kemungkinan: sanksi disiplin dan administratif, ancaman pidana, atau ikut aktif berkampanye. Pilih yang sesuai:',
    );
  });

  it('falls back to the title (first letter lowered, acronyms kept) when an entry has no distinction', () => {
    const noLabel = { title: 'Berfoto bersama calon', verdict: 'bersyarat' as const };
    const acronym = { title: 'ASN menjadi anggota KPU atau Bawaslu', verdict: 'bersyarat' as const };
    expect(clarifyText([noLabel, acronym])).toBe('Ada dua kemungkinan: berfoto bersama calon, atau ASN menjadi anggota KPU atau Bawaslu. Pilih yang sesuai:');
  });

  it('asks a yes/no question for a single choice', () => {
    expect(clarifyText([passive])).toBe('Apakah maksud Anda soal hanya hadir sebagai penonton kampanye? Pilih jika sesuai:');
  });
});
