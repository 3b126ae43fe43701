import { type CommandResult, runCommand } from '../../support/processes.js';

export type KubectlResult = CommandResult;

/** The real kubectl of the same version as the apiserver, against `kubeconfig`, with optional standard input and folder. */
export function runKubectl(kubectl: string, kubeconfig: string, args: readonly string[], stdin?: string, cwd?: string): Promise<KubectlResult> {
  return runCommand(kubectl, [`--kubeconfig=${kubeconfig}`, ...args], {
    // No user kubeconfig or cache may leak in: the suite's answers must not depend on the machine.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', KUBECACHEDIR: '/dev/null' },
    ...(cwd ? { cwd } : {}),
  }, stdin);
}
