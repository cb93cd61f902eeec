{{/* Names and labels shared by every object of the release. */}}

{{- define "screening.name" -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "screening.labels" -}}
app.kubernetes.io/name: screening
app.kubernetes.io/instance: {{ .Release.Name }}
{{ include "screening.versionLabels" . }}
{{- end -}}

{{/* The labels beyond a selector's, for pod templates (whose selector labels come first). */}}
{{- define "screening.versionLabels" -}}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "screening.gateway.fullname" -}}
{{- printf "%s-gateway" (include "screening.name" .) -}}
{{- end -}}

{{- define "screening.gateway.selector" -}}
app.kubernetes.io/name: screening
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: gateway
{{- end -}}

{{/* The selector of one worker pool; call with (dict "root" $ "pool" $name). */}}
{{- define "screening.worker.selector" -}}
app.kubernetes.io/name: screening
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: worker
screening.org/pool: {{ .pool }}
{{- end -}}

{{/* Every worker pod of the release, whatever its pool. */}}
{{- define "screening.worker.anySelector" -}}
app.kubernetes.io/name: screening
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: worker
{{- end -}}

{{/* An image reference; refuses a missing tag or "latest" (the schema does too). */}}
{{- define "screening.image" -}}
{{- $tag := toString .image.tag -}}
{{- if or (eq $tag "") (eq $tag "latest") -}}
{{- fail (printf "image %s: pin a version tag (got %q)" .image.repository $tag) -}}
{{- end -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .image.repository $tag -}}
{{- end -}}

{{- define "screening.kafka.secretName" -}}
{{- default (printf "%s-kafka" (include "screening.name" .)) .Values.kafka.credentials.existingSecret -}}
{{- end -}}

{{- define "screening.apiKeys.secretName" -}}
{{- default (printf "%s-api-keys" (include "screening.name" .)) .Values.gateway.apiKeys.existingSecret -}}
{{- end -}}

{{/*
Kafka client properties both roles get: the non-secret ones from values and, with credentials
enabled, Kafka's FileConfigProvider reading the mounted secret properties file.
*/}}
{{- define "screening.kafka.clientProperties" -}}
{{- $props := deepCopy .Values.kafka.client -}}
{{- if .Values.kafka.credentials.enabled -}}
{{- $_ := set $props "config.providers" "file" -}}
{{- $_ := set $props "config.providers.file.class" "org.apache.kafka.common.config.provider.FileConfigProvider" -}}
{{- $_ := set $props "sasl.jaas.config" "${file:/etc/screening/kafka/kafka-client.properties:sasl.jaas.config}" -}}
{{- end -}}
{{- toJson $props -}}
{{- end -}}

{{/*
Scaling guard: the pools of one consumer group together may never run more consumers than the
frames topic has partitions (the rest would sit idle and KEDA would count them anyway).
*/}}
{{- define "screening.worker.checkPartitions" -}}
{{- $perGroup := dict -}}
{{- range $name, $pool := .Values.worker.pools -}}
{{- if $pool.enabled -}}
{{- $group := default $.Values.worker.groupId $pool.groupId -}}
{{- $most := ternary $pool.autoscaling.maxReplicas $pool.replicas $pool.autoscaling.enabled -}}
{{- $_ := set $perGroup $group (add (get $perGroup $group | default 0) $most) -}}
{{- end -}}
{{- end -}}
{{- range $group, $total := $perGroup -}}
{{- if gt (int $total) (int $.Values.kafka.framesPartitions) -}}
{{- fail (printf "worker pools of group %s may run %d workers, more than the %d partitions of %s" $group (int $total) (int $.Values.kafka.framesPartitions) $.Values.kafka.topics.frames) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Egress every pod of the release needs: the Kafka brokers and DNS. */}}
{{- define "screening.egress.kafkaAndDns" -}}
# Kafka brokers
- to:
    - namespaceSelector:
        matchLabels:
          {{- toYaml .Values.kafka.namespaceSelector | nindent 10 }}
  ports:
    - port: {{ .Values.kafka.port }}
      protocol: TCP
# DNS
- to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end -}}

{{- define "screening.summaries.fullname" -}}
{{- printf "%s-summaries" (include "screening.name" .) -}}
{{- end -}}

{{- define "screening.summaries.selector" -}}
app.kubernetes.io/name: screening
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: summaries
{{- end -}}

{{/*
Scaling guard: the summaries instances share the frames topic's partitions (Kafka Streams tasks)
by application id; an instance beyond the partition count would get no task.
*/}}
{{- define "screening.summaries.checkPartitions" -}}
{{- if and .Values.summaries.enabled (gt (int .Values.summaries.replicas) (int .Values.kafka.framesPartitions)) -}}
{{- fail (printf "summaries.replicas %d is more than the %d partitions of %s" (int .Values.summaries.replicas) (int .Values.kafka.framesPartitions) .Values.kafka.topics.frames) -}}
{{- end -}}
{{- end -}}
