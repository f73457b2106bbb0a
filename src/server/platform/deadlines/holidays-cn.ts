// China's public holidays (法定节假日) and adjusted working days (调休上班) as published each year by the
// General Office of the State Council (国务院办公厅关于 20xx 年部分节假日安排的通知). Built in for 2020–2026;
// a jurisdiction can add, change or cancel days per year (table `holidays`), e.g. when a new notice appears
// or when a local extension applies. 2020's Spring Festival is as extended to 2 February (国办发明电〔2020〕1号).

export type DayKind = 'holiday' | 'workday';

export interface HolidayDay {
  /** Local date, YYYY-MM-DD. */
  date: string;
  kind: DayKind;
  name: string;
}

interface YearSpec {
  /** [name, first day, last day] of each holiday run (MM-DD), inclusive. */
  holidays: [string, string, string][];
  /** [name, MM-DD] of each weekend day that is worked instead. */
  workdays: [string, string][];
}

const YEARS: Record<number, YearSpec> = {
  2020: {
    holidays: [
      ['元旦', '01-01', '01-01'],
      ['春节', '01-24', '02-02'],
      ['清明节', '04-04', '04-06'],
      ['劳动节', '05-01', '05-05'],
      ['端午节', '06-25', '06-27'],
      ['国庆节、中秋节', '10-01', '10-08'],
    ],
    // 1 February (Saturday) was a make-up working day until the Spring Festival was extended to 2 February.
    workdays: [
      ['春节', '01-19'],
      ['劳动节', '04-26'],
      ['劳动节', '05-09'],
      ['端午节', '06-28'],
      ['国庆节、中秋节', '09-27'],
      ['国庆节、中秋节', '10-10'],
    ],
  },
  2021: {
    holidays: [
      ['元旦', '01-01', '01-03'],
      ['春节', '02-11', '02-17'],
      ['清明节', '04-03', '04-05'],
      ['劳动节', '05-01', '05-05'],
      ['端午节', '06-12', '06-14'],
      ['中秋节', '09-19', '09-21'],
      ['国庆节', '10-01', '10-07'],
    ],
    workdays: [
      ['春节', '02-07'],
      ['春节', '02-20'],
      ['劳动节', '04-25'],
      ['劳动节', '05-08'],
      ['中秋节', '09-18'],
      ['国庆节', '09-26'],
      ['国庆节', '10-09'],
    ],
  },
  2022: {
    holidays: [
      ['元旦', '01-01', '01-03'],
      ['春节', '01-31', '02-06'],
      ['清明节', '04-03', '04-05'],
      ['劳动节', '04-30', '05-04'],
      ['端午节', '06-03', '06-05'],
      ['中秋节', '09-10', '09-12'],
      ['国庆节', '10-01', '10-07'],
    ],
    workdays: [
      ['春节', '01-29'],
      ['春节', '01-30'],
      ['清明节', '04-02'],
      ['劳动节', '04-24'],
      ['劳动节', '05-07'],
      ['国庆节', '10-08'],
      ['国庆节', '10-09'],
    ],
  },
  2023: {
    holidays: [
      ['元旦', '01-01', '01-02'],
      ['春节', '01-21', '01-27'],
      ['清明节', '04-05', '04-05'],
      ['劳动节', '04-29', '05-03'],
      ['端午节', '06-22', '06-24'],
      ['中秋节、国庆节', '09-29', '10-06'],
    ],
    workdays: [
      ['春节', '01-28'],
      ['春节', '01-29'],
      ['劳动节', '04-23'],
      ['劳动节', '05-06'],
      ['端午节', '06-25'],
      ['中秋节、国庆节', '10-07'],
      ['中秋节、国庆节', '10-08'],
    ],
  },
  2024: {
    holidays: [
      ['元旦', '01-01', '01-01'],
      ['春节', '02-10', '02-17'],
      ['清明节', '04-04', '04-06'],
      ['劳动节', '05-01', '05-05'],
      ['端午节', '06-08', '06-10'],
      ['中秋节', '09-15', '09-17'],
      ['国庆节', '10-01', '10-07'],
    ],
    workdays: [
      ['春节', '02-04'],
      ['春节', '02-18'],
      ['清明节', '04-07'],
      ['劳动节', '04-28'],
      ['劳动节', '05-11'],
      ['中秋节', '09-14'],
      ['国庆节', '09-29'],
      ['国庆节', '10-12'],
    ],
  },
  2025: {
    holidays: [
      ['元旦', '01-01', '01-01'],
      ['春节', '01-28', '02-04'],
      ['清明节', '04-04', '04-06'],
      ['劳动节', '05-01', '05-05'],
      ['端午节', '05-31', '06-02'],
      ['国庆节、中秋节', '10-01', '10-08'],
    ],
    workdays: [
      ['春节', '01-26'],
      ['春节', '02-08'],
      ['劳动节', '04-27'],
      ['国庆节、中秋节', '09-28'],
      ['国庆节、中秋节', '10-11'],
    ],
  },
  2026: {
    holidays: [
      ['元旦', '01-01', '01-03'],
      ['春节', '02-15', '02-23'],
      ['清明节', '04-04', '04-06'],
      ['劳动节', '05-01', '05-05'],
      ['端午节', '06-19', '06-21'],
      ['中秋节', '09-25', '09-27'],
      ['国庆节', '10-01', '10-07'],
    ],
    workdays: [
      ['元旦', '01-04'],
      ['春节', '02-14'],
      ['春节', '02-28'],
      ['劳动节', '05-09'],
      ['国庆节', '09-20'],
      ['国庆节', '10-10'],
    ],
  },
};

// 2022's New Year holiday began on 31 December 2022 (Saturday), which the 2023 notice lists.
const EXTRA: HolidayDay[] = [{ date: '2022-12-31', kind: 'holiday', name: '元旦' }];

export const BUILT_IN_YEARS: readonly number[] = Object.keys(YEARS).map(Number);

function expand(year: number, spec: YearSpec): HolidayDay[] {
  const out: HolidayDay[] = [];
  for (const [name, from, to] of spec.holidays) {
    const start = Date.UTC(year, Number(from.slice(0, 2)) - 1, Number(from.slice(3)));
    const end = Date.UTC(year, Number(to.slice(0, 2)) - 1, Number(to.slice(3)));
    for (let t = start; t <= end; t += 86_400_000) out.push({ date: new Date(t).toISOString().slice(0, 10), kind: 'holiday', name });
  }
  for (const [name, md] of spec.workdays) out.push({ date: `${year}-${md}`, kind: 'workday', name: `${name}调休上班` });
  return out;
}

/** Every built-in special day, in date order. */
export const CN_SPECIAL_DAYS: readonly HolidayDay[] = [
  ...Object.entries(YEARS).flatMap(([y, spec]) => expand(Number(y), spec)),
  ...EXTRA,
].sort((a, b) => a.date.localeCompare(b.date));
