{{- /*
Names, labels and the pieces several templates share. What the code knows (kinds, RBAC rules, environment
variables, ports) is in _generated.tpl, rendered by `dualstack-webhook manifests --out`.
*/ -}}

{{- define "dualstack-webhook.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- /* The release name when it already holds the chart name (`helm install dualstack-webhook ...`), as Helm's own scaffold. */ -}}
{{- define "dualstack-webhook.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "dualstack-webhook.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dualstack-webhook.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- /* The webhook's pods, apart from the audit pods of the same release. */ -}}
{{- define "dualstack-webhook.webhookSelectorLabels" -}}
{{ include "dualstack-webhook.selectorLabels" . }}
app.kubernetes.io/component: webhook
{{- end -}}

{{- define "dualstack-webhook.labels" -}}
{{ include "dualstack-webhook.selectorLabels" . }}
app.kubernetes.io/part-of: {{ include "dualstack-webhook.name" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "dualstack-webhook.constant" -}}
{{- $constants := include "dualstack-webhook.constants" .context | fromJson -}}
{{- index $constants .name -}}
{{- end -}}

{{- /* The in-cluster server runs unless the webhook is served outside the cluster. */ -}}
{{- define "dualstack-webhook.inCluster" -}}
{{- if ne .Values.certificates.source "url" -}}true{{- end -}}
{{- end -}}

{{- /* Facts from the API (--watch) on the admin side and with both sides; from the ConfigMap on the workload side. */ -}}
{{- define "dualstack-webhook.watches" -}}
{{- if ne .Values.side "workload" -}}true{{- end -}}
{{- end -}}

{{- define "dualstack-webhook.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion -}}
{{- if .Values.image.digest -}}
{{- printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "dualstack-webhook.tlsSecret" -}}
{{- if eq .Values.certificates.source "existingSecret" -}}
{{- required "certificates.existingSecret.name: the Secret holding tls.crt and tls.key" .Values.certificates.existingSecret.name -}}
{{- else -}}
{{- include "dualstack-webhook.fullname" . }}-tls
{{- end -}}
{{- end -}}

{{- /* The kinds `side` picks, from the registry. */ -}}
{{- define "dualstack-webhook.sideKinds" -}}
{{- $picked := list -}}
{{- range (include "dualstack-webhook.kinds" . | fromJsonArray) -}}
{{- if or (eq $.Values.side "all") (eq $.Values.side .side) -}}
{{- $picked = append $picked . -}}
{{- end -}}
{{- end -}}
{{- toJson $picked -}}
{{- end -}}

{{- /* The caBundle of existingSecret or url; cert-manager's cainjector writes its own. */ -}}
{{- define "dualstack-webhook.caBundle" -}}
{{- $source := .Values.certificates.source -}}
{{- if eq $source "url" -}}
{{- required "certificates.url.caBundle: base64 of the PEM CA that signed the webhook's serving certificate" .Values.certificates.url.caBundle -}}
{{- else if eq $source "existingSecret" -}}
{{- $bundle := .Values.certificates.existingSecret.caBundle -}}
{{- if not $bundle -}}
{{- $secret := lookup "v1" "Secret" .Release.Namespace (include "dualstack-webhook.tlsSecret" .) -}}
{{- $bundle = dig "data" "ca.crt" "" ($secret | default dict) -}}
{{- end -}}
{{- required "certificates.existingSecret.caBundle: base64 of the PEM CA (or a ca.crt key in the Secret)" $bundle -}}
{{- end -}}
{{- end -}}

{{- /* One webhook of a configuration: `path` validate or mutate, `kind` a registry entry, `operations` its operations. */ -}}
{{- define "dualstack-webhook.webhook" -}}
{{- $root := .root -}}
{{- $fullname := include "dualstack-webhook.fullname" $root -}}
- name: {{ printf "%s-%s.%s.%s.svc" .path .kind.resource $fullname $root.Release.Namespace }}
  admissionReviewVersions: [v1]
  clientConfig:
    {{- if eq $root.Values.certificates.source "url" }}
    url: {{ printf "%s/%s" (trimSuffix "/" (required "certificates.url.baseUrl: https://HOST[:PORT] of the webhook" $root.Values.certificates.url.baseUrl)) .path | quote }}
    {{- else }}
    service:
      name: {{ $fullname }}
      namespace: {{ $root.Release.Namespace }}
      path: /{{ .path }}
      port: {{ include "dualstack-webhook.constant" (dict "context" $root "name" "servicePort") }}
    {{- end }}
    {{- with include "dualstack-webhook.caBundle" $root }}
    caBundle: {{ . }}
    {{- end }}
  failurePolicy: {{ index $root.Values.failurePolicy .kind.resource }}
  {{- /* Equivalent: a request in another version of the same resource is converted to ours, so no version slips by. */}}
  matchPolicy: Equivalent
  namespaceSelector:
    {{- if $root.Values.namespaceSelector }}
    {{- toYaml $root.Values.namespaceSelector | nindent 4 }}
    {{- else }}
    matchExpressions:
      - key: kubernetes.io/metadata.name
        operator: NotIn
        values:
          {{- range (include "dualstack-webhook.constants" $root | fromJson).excludedNamespaces }}
          - {{ . }}
          {{- end }}
          - {{ $root.Release.Namespace }}
    {{- end }}
  {{- with $root.Values.objectSelector }}
  objectSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $root.Values.matchConditions }}
  matchConditions:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- if eq .path "mutate" }}
  reinvocationPolicy: Never
  {{- end }}
  rules:
    - apiGroups: [{{ .kind.group | quote }}]
      apiVersions: [{{ .kind.version | quote }}]
      operations: {{ toJson .operations }}
      resources: [{{ .kind.resource | quote }}]
      scope: Namespaced
  sideEffects: None
  timeoutSeconds: {{ $root.Values.timeoutSeconds }}
{{- end -}}

{{- define "dualstack-webhook.webhookAnnotations" -}}
{{- if eq .Values.certificates.source "certManager" -}}
annotations:
  # cert-manager's cainjector writes the CA of the serving certificate into every webhook's caBundle.
  cert-manager.io/inject-ca-from: {{ printf "%s/%s" .Release.Namespace (include "dualstack-webhook.fullname" .) }}
{{- end -}}
{{- end -}}
