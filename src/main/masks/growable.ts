/** An Int32Array that doubles when full, for collecting an unknown number of values without boxing them. */
export class GrowableI32 {
  values = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.values.length) {
      const bigger = new Int32Array(this.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = v;
  }
}
