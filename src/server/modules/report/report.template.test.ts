import { describe, expect, it } from 'vitest';
import { figureSetFrom, yearPeriod } from '../assessment/index.ts';
import { approx, formatFigure, parseTemplate, renderNodes, runsText, templateFigureKeys, TemplateError } from './report.template.ts';

const p = yearPeriod(2020);
const figures = figureSetFrom(
  {
    'enterprise.served': { value: 485 },
    'enterprise.collection_rate': { value: 103.8, numerator: 519, denominator: 500 },
    'mediation.visitors': { value: 512 },
    'mediation.wage_amount_wan': { value: 111.18 },
    'enterprise.financing_amount_wan': { value: 30348 },
    'legal.sites': { value: 22 },
    'safety.reoffended': { value: 0 },
    'education.hours_met_rate': { value: 96, numerator: 48, denominator: 50 },
    'education.required_hours': { value: 40 },
  },
  p,
);
const vars = { year: 2020, jurisdictionName: '天津北辰经济技术开发区', jurisdictionShortName: '北辰开发区' };
const render = (src: string) => renderNodes(parseTemplate(src), figures, vars);

describe('report templates', () => {
  it('fills figures the way the seed writes them and keeps each figure’s key', () => {
    const runs = render('全年共收集{{enterprise.served}}家企业问题，收集率{{enterprise.collection_rate}}，融资{{enterprise.financing_amount_wan}}万元，工资{{mediation.wage_amount_wan}}万元。');
    expect(runsText(runs)).toBe('全年共收集485家企业问题，收集率104%，融资30348万元，工资111.18万元。');
    expect(runs.filter((r) => r.figure).map((r) => [r.figure, r.text])).toEqual([
      ['enterprise.served', '485'],
      ['enterprise.collection_rate', '104%'],
      ['enterprise.financing_amount_wan', '30348'],
      ['mediation.wage_amount_wan', '111.18'],
    ]);
  });

  it('writes approximate counts as 余 or 多', () => {
    expect(runsText(render('{{mediation.visitors|approx}}人次，{{legal.sites|approx:多}}个点位'))).toBe('500余人次，20多个点位');
    expect([approx(53), approx(523), approx(2250), approx(34), approx(500), approx(7), approx(1101)]).toEqual(['50余', '500余', '2000余', '30余', '500', '7', '1000余']);
  });

  it('formats with percent, fixed and num filters', () => {
    expect(formatFigure({ value: 103.8, kind: 'rate' }, [{ name: 'percent', args: ['1'] }])).toBe('103.8%');
    expect(formatFigure({ value: 103.8, kind: 'rate' }, [{ name: 'num', args: [] }])).toBe('103.8');
    expect(formatFigure({ value: 2, kind: 'amount' }, [{ name: 'fixed', args: ['2'] }])).toBe('2.00');
    expect(formatFigure({ value: 111.1, kind: 'amount' }, [])).toBe('111.1');
  });

  it('fills variables: year, next year, the jurisdiction’s names', () => {
    expect(runsText(render('{{jurisdiction.name}}{{year}}年，{{jurisdiction.short_name}}，{{next_year}}年，{{prev_year}}年'))).toBe(
      '天津北辰经济技术开发区2020年，北辰开发区，2021年，2019年',
    );
  });

  it('chooses text by a condition and marks the chosen text with the figures it rests on', () => {
    const runs = render('对象{{#if safety.reoffended == 0}}未发生重新犯罪行为{{else}}重新犯罪{{safety.reoffended}}人{{/if}}。');
    expect(runsText(runs)).toBe('对象未发生重新犯罪行为。');
    expect(runs.find((r) => r.text === '未发生重新犯罪行为')?.basis).toEqual(['safety.reoffended']);
    const nested = render('{{#if education.hours_met_rate >= 100}}全体{{else}}{{education.hours_met_rate}}的人员{{#if education.required_hours > 30}}达到{{education.required_hours}}学时{{/if}}{{/if}}');
    expect(runsText(nested)).toBe('96%的人员达到40学时');
  });

  it('shows a missing figure visibly, with its key and the reason', () => {
    const runs = render('上报{{events.reported}}起');
    expect(runsText(runs)).toBe('上报〔缺：上报事件数〕起');
    expect(runs[1]).toMatchObject({ figure: 'events.reported', missing: '模块未提供该数值' });
  });

  it('lists the figures a template reads, including conditions', () => {
    expect(templateFigureKeys(parseTemplate('{{enterprise.served}}{{#if safety.reoffended == 0}}{{legal.sites}}{{/if}}'))).toEqual([
      'enterprise.served',
      'safety.reoffended',
      'legal.sites',
    ]);
  });

  it.each([
    ['{{events.nothing}}', '未知的统计项'],
    ['{{enterprise.served|bold}}', '未知的格式'],
    ['{{enterprise.served', '没有对应'],
    ['{{#if safety.reoffended == 0}}x', '缺少“{{/if}}”'],
    ['x{{/if}}', '没有对应的“{{#if}}”'],
    ['{{else}}', '没有对应的“{{#if}}”'],
    ['{{#if safety.reoffended = 0}}x{{/if}}', '条件'],
    ['{{year|approx}}', '不能使用格式'],
  ])('rejects %j (%s)', (src, reason) => {
    let err: unknown;
    try {
      parseTemplate(src);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as TemplateError).zh).toContain(reason);
  });
});
