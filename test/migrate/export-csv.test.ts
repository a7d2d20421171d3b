import { describe, expect, it } from 'vitest';
import { buildMapping } from '../../src/migrate/build-mapping.js';
import { s3RoleOf } from '../../src/migrate/export/aurora.js';
import { auroraLoadStatement, csvLine, localLoadStatement } from '../../src/migrate/export/csv.js';
import { SampleStats } from '../../src/migrate/sample-stats.js';

function mapping() {
  const stats = new SampleStats();
  stats.add({ id: { S: 'a' }, name: { S: 'n' }, data: { B: 'AQ==' }, n: { N: '1' } } as never);
  return buildMapping({ source: 'services', keys: [{ name: 'id', type: 'S' }], stats });
}

describe('export path: CSV and the LOAD DATA statements', () => {
  it('writes fields LOAD DATA reads back exactly: quotes, backslashes, newlines, NUL, NULL and binary as hex', () => {
    expect(csvLine(['a"b\\c\nd\re\0f', null, 12, Buffer.from([0, 255]), ''])).toBe('"a\\"b\\\\c\\nd\\re\\0f",\\N,12,"00ff",""\n');
    expect(csvLine(['plain, with comma'])).toBe('"plain, with comma"\n');
  });

  it('sends Aurora LOAD DATA FROM S3 PREFIX with the same format and the binary columns unhexed', () => {
    expect(auroraLoadStatement(mapping(), 'my-bucket', 'exports/clinnet-opt/services_migrated/20261206T000000Z/csv/')).toBe(
      "LOAD DATA FROM S3 PREFIX 's3://my-bucket/exports/clinnet-opt/services_migrated/20261206T000000Z/csv/' REPLACE INTO TABLE `services_migrated` " +
        "CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' ENCLOSED BY '\"' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' " +
        '(`id`, `name`, `category`, `price`, @v4, `n`, `extra`) SET `data` = UNHEX(@v4)',
    );
  });

  it('loads the same objects on other servers with LOAD DATA LOCAL INFILE, same format and columns', () => {
    const aurora = auroraLoadStatement(mapping(), 'b', 'p/');
    const local = localLoadStatement(mapping(), "p/part-00000-0000.csv");
    expect(local.startsWith("LOAD DATA LOCAL INFILE 'p/part-00000-0000.csv' REPLACE INTO TABLE `services_migrated` ")).toBe(true);
    expect(local.slice(local.indexOf(' CHARACTER SET'))).toBe(aurora.slice(aurora.indexOf(' CHARACTER SET')));
  });

  it('reads the cluster S3 role from SHOW GLOBAL VARIABLES: aurora_load_from_s3_role first, then aws_default_s3_role', () => {
    expect(s3RoleOf([{ Variable_name: 'aws_default_s3_role', Value: 'arn:aws:iam::1:role/load' }])).toBe('arn:aws:iam::1:role/load');
    expect(s3RoleOf([{ Variable_name: 'aurora_load_from_s3_role', Value: 'arn:aws:iam::1:role/a' }, { Variable_name: 'aws_default_s3_role', Value: 'arn:aws:iam::1:role/b' }])).toBe('arn:aws:iam::1:role/a');
    expect(s3RoleOf([{ Variable_name: 'aws_default_s3_role', Value: '' }])).toBeNull();
    expect(s3RoleOf([])).toBeNull();
  });
});
