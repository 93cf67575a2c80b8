package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.sequence.Partitioning.Kind;
import dev.seqwatch.testing.Engines;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartitioningTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "process where process.name == 'nc'                                                          | HOST_LOCAL |",
      "sequence by host.id [process where true] [network where true]                               | HOST_LOCAL | host.id",
      "sequence by host.id, user.name [process where true] [network where true]                    | HOST_LOCAL | host.id,user.name",
      "sequence by user.name, host.id [process where true] [network where true]                    | HOST_LOCAL | user.name,host.id",
      "sequence by process.entity_id [process where true] [network where true]                     | HOST_LOCAL | process.entity_id",
      "sequence by agent.id [process where true] [network where true]                              | HOST_LOCAL | agent.id",
      "sequence [process where true] by process.entity_id [process where true] by process.parent.entity_id | HOST_LOCAL | process.entity_id",
      "sequence by user.name [process where true] by process.entity_id [file where true] by process.entity_id | HOST_LOCAL | user.name,process.entity_id",
      "sequence by user.name [authentication where true] [process where true]                      | BY_KEY     | user.name",
      "sequence by host.name [process where true] [network where true]                             | BY_KEY     | host.name",
      "sequence [authentication where true] by user.name [process where true] by process.entity_id | BY_KEY     | user.name",
      "sequence by user.name [process where true] by process.entity_id [network where true] by source.address | BY_KEY | user.name,process.entity_id",
      "sequence by user.name [process where true] by process.entity_id [file where true] by process.entity_id until [process where true] by source.address | BY_KEY | user.name,process.entity_id",
      "sequence with maxspan=1m [process where true] [network where true]                          | SINGLE     |",
      "sample by user.name [authentication where true] [process where true]                        | BY_KEY     | user.name",
      "sample by host.id [authentication where true] [process where true]                          | HOST_LOCAL | host.id",
  })
  void aRuleIsHostLocalWhenSomeJoinPositionIsAHostLocalKeyInEveryStage(String query, Kind kind, String keys) {
    Partitioning partitioning = Partitioning.of(Engines.ruleOf(query.replace('\'', '"')).rules().get(0));

    assertThat(partitioning.kind()).isEqualTo(kind);
    assertThat(partitioning.keys()).isEqualTo(keys == null ? List.of() : List.of(keys.split(",")));
  }

  @org.junit.jupiter.api.Test
  void partitionKeysTellTupleShapesApart() {
    assertThat(Partitioning.key(new Object[] {"a", "b"})).isNotEqualTo(Partitioning.key(new Object[] {"a\u001esb"}))
        .isNotEqualTo(Partitioning.key(new Object[] {new String[] {"a", "b"}}));
    assertThat(Partitioning.key(new Object[] {null})).isNotEqualTo(Partitioning.key(new Object[] {"n"}))
        .isNotEqualTo(Partitioning.key(new Object[] {""}));
    assertThat(Partitioning.key(new Object[0])).isEmpty();
    assertThat(Partitioning.key(new Object[] {"alice"})).isEqualTo(Partitioning.key(new Object[] {"alice"}));
  }
}
