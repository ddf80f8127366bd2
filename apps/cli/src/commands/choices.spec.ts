import { projectionNames } from '@ledger/read-models';
import { localityFileFormats } from '@ledger/registry-import';
import { localityFileFormatChoices } from './import-localities.command';
import { projectionChoices } from './rebuild-projections.command';
import { roles } from '@ledger/identity';
import { tokenRoleChoices } from './token.command';

// The command line lists these choices itself, so that `--help` loads neither lib; the libs decide.
describe('the choices the command line offers', () => {
  it('are every projection the read models have', () => {
    expect([...projectionChoices].sort()).toEqual([...projectionNames].sort());
  });

  it('are every role a token may carry', () => {
    expect([...tokenRoleChoices].sort()).toEqual([...roles].sort());
  });

  it('are every format the registry import reads', () => {
    expect([...localityFileFormatChoices].sort()).toEqual([...localityFileFormats].sort());
  });
});
