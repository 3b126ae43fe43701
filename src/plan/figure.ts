/** A number of the plan and how it was reached, so a reader can check it by hand (`2^(24−16) = 2^8 = 256`). */
export interface Figure {
  readonly value: bigint;
  readonly formula: string;
}

export function figure(value: bigint, formula: string): Figure {
  return { value, formula };
}

/** 2^(bits−prefix) written out in full: ipcalc's `2^(80) = 1208925819614629174706176` style, exact. */
export function powerOfTwo(bits: number, prefix: number): Figure {
  const exponent = bits - prefix;
  const value = 1n << BigInt(exponent);
  return figure(value, `2^(${bits}−${prefix}) = 2^${exponent} = ${value}`);
}

export function sum(figures: readonly Figure[]): Figure {
  const value = figures.reduce((total, entry) => total + entry.value, 0n);
  if (figures.length === 1) return figures[0]!;
  return figure(value, figures.length === 0 ? '0' : `${figures.map((entry) => entry.value).join(' + ')} = ${value}`);
}
