/**
 * soxr 'HQ' stage plans: the stage kinds, rate steps and filter lengths for the rates tunegrad is
 * checked at (the filters themselves are checked against librosa.load through the resampled samples
 * in resample.test.ts), unity DC gain of every stage, and the refusals.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { soxrHqStages } from '../../src/dsp/index.js';

const s = suite('dsp resample-plan');

s('stage kinds, steps and tap counts per rate', () => {
  const plans: Record<number, string> = {
    8000: 'lowpass 2/1 409, polyphase 882/640 13229',
    11025: 'lowpass 2/1 389',
    16000: 'lowpass 2/1 409, polyphase 882/1280 13229',
    24000: 'lowpass 2/1 445, polyphase 147/320 2057',
    32000: 'lowpass 2/1 589, polyphase 441/1280 5291',
    37800: 'polyphase 14/12 181, lowpass 1/2 409',
    44100: 'lowpass 1/2 389',
    48000: 'lowpass 1/1 445, polyphase 147/320 2057',
    88200: 'halfband 1/2 31, lowpass 1/2 409',
    96000: 'halfband 1/2 35, lowpass 1/1 465, polyphase 147/320 2057',
    192000: 'halfband 1/2 35, halfband 1/2 35, lowpass 1/1 477, polyphase 147/320 2057',
    1000: 'lowpass 2/1 429, polyphase 882/320 13229, lowpass 4/1 49',
  };
  for (const [sr, plan] of Object.entries(plans)) {
    const got = soxrHqStages(Number(sr), 22050).map((st) => `${st.kind} ${st.up}/${st.down} ${st.taps.length}`).join(', ');
    assert.is(got, plan, `${sr} Hz`);
  }
  assert.equal(soxrHqStages(22050, 22050), []);
});

s('every stage passes DC with unity gain at its input rate and has symmetric taps', () => {
  for (const sr of [8000, 16000, 44100, 48000, 96000, 192000, 1000]) {
    for (const st of soxrHqStages(sr, 22050)) {
      // DC gain at the input rate: each output phase sums its taps to 1 (gain `up` over `up` phases).
      let sum = 0;
      for (const v of st.taps) sum += v;
      assert.ok(Math.abs(sum / st.up - 1) < 1e-5, `${sr} Hz ${st.kind}: DC gain ${sum / st.up}`);
      const n = st.taps.length;
      for (let i = 0; i < n / 2; i++) assert.is(st.taps[i], st.taps[n - 1 - i], `${sr} Hz ${st.kind}: tap ${i}`);
    }
  }
});

s('refusals: non-positive rates, ratios soxr treats as irrational', () => {
  assert.throws(() => soxrHqStages(0, 22050), /positive/);
  assert.throws(() => soxrHqStages(192001, 22050), /no rational form/);
});

s.run();
