/** Every alarm `validate alarms` manages is named with this prefix (and IAM scopes its alarm actions to it). */
export const ALARM_PREFIX = 'clinnet-opt';
