/** What /readyz reports besides the facts: the certificate is loaded, and the process is not shutting down. */
export interface ServingState {
  certificateLoaded: boolean;
  draining: boolean;
}

export function servingState(): ServingState {
  return { certificateLoaded: true, draining: false };
}
