import path from 'node:path';
import { findKubeControllerManager } from './binaries.js';
import { type ApiServer } from './control-plane.js';
import { type ManagedProcess, startProcess } from '../../support/processes.js';

/**
 * kube-controller-manager with only `validatingadmissionpolicy-status-controller` (VP-7): it type-checks every
 * ValidatingAdmissionPolicy against the schema of the kinds it matches and writes `status.typeChecking`. As the
 * suite's admin (the apiserver's kubeconfig), one instance (no leader election), serving nothing (`--secure-port=0`).
 */
export function startPolicyTypeChecker(api: ApiServer): ManagedProcess {
  return startProcess('kube-controller-manager', findKubeControllerManager(), [
    `--kubeconfig=${api.kubeconfigFile}`,
    '--controllers=validatingadmissionpolicy-status-controller',
    '--leader-elect=false',
    '--use-service-account-credentials=false',
    '--secure-port=0',
  ], { logFile: path.join(api.folder, 'kube-controller-manager.log') });
}
