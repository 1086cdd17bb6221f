// Package store holds the state of the NetSuite emulator (`netsuite sim`):
// one fake NetSuite account kept in SQLite (modernc.org/sqlite, pure Go).
//
// The account model follows the objects of the Token-Based Authentication
// setup guide, named as the NetSuite UI names them:
//
//   - the account (realm such as TSTDRV1234567 or 1234567_SB1, service
//     tier, SuiteCloud Plus licences → [Account.ConcurrencyLimit]) and its
//     features ([FeatureTBA] off in a fresh account; SOAP and REST web
//     services on);
//   - integration records with consumer key/secret, the Token-Based
//     Authentication box, State and an optional concurrency allocation;
//   - roles with leveled permissions and a full permission-change history,
//     so that [Store.EffectivePermissions] can answer "as of" a past time
//     (the emulator uses it to reproduce the hours-long delay before role
//     edits reach token logins). The built-in Administrator role lacks the
//     token permissions, exactly as the guide warns;
//   - employees (a built-in administrator, "Ada Admin") and their roles;
//   - access tokens, whose creation fails like NetSuite's when a guide step
//     was skipped (for a role without token permissions:
//     "Login access has been disabled for this role.");
//   - the Login Audit Trail.
//
// Admin operations accept objects by internal id or by name (integration
// name, role name, employee email or entity id, token name or token id), as
// a CLI user types them. List/get results are plain JSON-encodable structs
// without secrets; consumer and token secrets are returned only by the
// calls that create or reset them, as [Secret] values that print as
// [REDACTED].
//
// [Store.Lookup] is the verification hot path: one consistent read of
// everything an auth check needs for a (consumer key, token id) pair,
// served from an in-memory cache invalidated by every write.
//
// [Store.ProvisionGuide] walks the guide end to end through the same
// exported methods, [Store.ApplyAccountFile] provisions an account from a
// TOML file (testdata/guide.toml reproduces the guide), and
// [Store.GenerateDemo] fills SuiteQL-shaped demo tables (customer, contact,
// vendor, employee, item, transaction, transactionline) deterministically
// for the SuiteQL layer, which reads them through [Store.DB].
//
// A Store is safe for concurrent use. Its clock is injectable
// ([Options].Now) so time-dependent behaviour is testable.
package store
