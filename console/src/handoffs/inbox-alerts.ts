// The inbox's sound and desktop notification: on by default, switched off per browser.
const KEY = 'helper.inbox.alerts';

export function readAlertPreference(): boolean {
  try {
    return window.localStorage.getItem(KEY) !== 'off';
  } catch {
    return true;
  }
}

export function writeAlertPreference(on: boolean): void {
  try {
    window.localStorage.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // Private browsing without storage: the choice lasts for the page.
  }
}

/** A short two-tone chime, made in the browser (no sound file to serve). */
export function playChime(): void {
  try {
    const context = new AudioContext();
    const gain = context.createGain();
    gain.gain.value = 0.08;
    gain.connect(context.destination);
    [880, 660].forEach((frequency, index) => {
      const tone = context.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(context.currentTime + index * 0.15);
      tone.stop(context.currentTime + index * 0.15 + 0.12);
    });
    setTimeout(() => void context.close(), 600);
  } catch {
    // No audio (autoplay policy, no device): the counts still show it.
  }
}
