import { dockerPrivileges } from '../../../../src/engine/rules/config/docker-privileges.js';
import { ruleTester } from '../../../helpers/rule-tester.js';
import { server } from './helpers.js';

const docker = (...options: string[]) =>
  server({ command: 'docker', args: ['run', '-i', '--rm', ...options, 'mcp/tool:1.0', '--verbose'] }, 'box');

ruleTester(dockerPrivileges, {
  valid: [
    { code: docker('-e', 'TOKEN', '-v', '/home/alice/project:/workspace:ro', '--network', 'bridge') },
    { code: docker('--mount', 'type=bind,source=/srv/data,target=/data,readonly', '--cap-drop=ALL') },
    {
      description: 'flags after the image belong to the server',
      code: server({ command: 'docker', args: ['run', '-i', 'mcp/tool:1.0', '--privileged'] }),
    },
    { code: server({ command: 'node', args: ['--privileged'] }) },
  ],
  invalid: [
    {
      code: docker('--privileged'),
      errors: [
        {
          evidence: 'box: --privileged (privileged container)',
          severity: 'critical',
          location: { field: 'box.args.3' },
        },
      ],
    },
    {
      code: docker('-v', '/var/run/docker.sock:/var/run/docker.sock'),
      errors: [{ severity: 'critical', evidence: /Docker socket/ }],
    },
    { code: docker('-v', '/:/host'), errors: [{ severity: 'critical', evidence: /host root/ }] },
    { code: docker('--mount', 'type=bind,source=/,target=/host'), errors: 1 },
    { code: docker('--net=host'), errors: [{ severity: 'high', evidence: /host network/ }] },
    { code: docker('--network', 'host', '--pid=host'), errors: 2 },
    { code: docker('--cap-add=SYS_ADMIN', '--security-opt', 'seccomp=unconfined'), errors: 2 },
    { code: docker('-v', '/etc:/etc', '-v', '~/.ssh:/root/.ssh'), errors: 2 },
    { code: server({ command: 'podman', args: ['run', '--privileged', 'img:1'] }), errors: 1 },
  ],
});
